import { describe, expect, it } from 'vitest';
import { findKeys } from '../src/scan/find-references.js';
import { languageOf } from '../src/scan/languages/index.js';

const keys = (file: string, text: string, known: string[] = []) =>
  findKeys(text, languageOf(file)!, new Set(known)).map(({ flag, line, via }) => `${line} ${flag} ${via}`);

describe('finding flag keys', () => {
  it('JavaScript: every quote style, escapes, type arguments; not in comments, regexes or templates with substitutions', () => {
    const text = [
      "a.getBooleanValue('single', false);",
      'a.getStringValue("dou\\x62le", "");',
      'a.getNumberDetails(`template`, 0);',
      'a.getObjectValue<Map<string, number>>("typed", {});',
      "const re = /[\"']/g; a.getBooleanValue('after-regex', false);",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JavaScript source with a template literal
      'a.getBooleanValue(`with-${x}`, false); // a.getBooleanValue("comment", false)',
      "/* a.getBooleanValue('block',",
      "   false) */ a.getBooleanValue('after-block', false);",
      "useFlag('hook', false); a.getBooleanValue(key, false); a.getBooleanValue('', false);",
    ].join('\n');
    expect(keys('x.ts', text)).toEqual([
      '1 single call',
      '2 double call',
      '3 template call',
      '4 typed call',
      '5 after-regex call',
      '8 after-block call',
      '9 hook call',
    ]);
  });

  it('a literal equal to a known key counts, once per line, the call winning', () => {
    const text =
      "const A = 'known';\nclient.getBooleanValue('known', false); x('known');\nconst b = \"known-not\";";
    expect(keys('x.js', text, ['known'])).toEqual(['1 known literal', '2 known call']);
  });

  it('Python: prefixes, triple quotes, keyword arguments; bytes and f-strings with fields are not keys', () => {
    const text = [
      'c.get_boolean_value("double", False)',
      "c.get_string_details(u'unicode', '')",
      'c.get_integer_value(flag_key="named", default_value=1)',
      "c.get_float_value('''triple''', 0.0)",
      'c.get_object_value(Rb"bytes", {})',
      "c.get_boolean_value(f'{prefix}-x', False)  # c.get_boolean_value('comment', False)",
      "c.get_boolean_value(f'plain', False)",
      'x = """',
      "c.get_boolean_value('in-a-string', False)",
      '"""',
      "await c.get_boolean_details_async('async', False)",
    ].join('\n');
    expect(keys('x.py', text)).toEqual([
      '1 double call',
      '2 unicode call',
      '3 named call',
      '4 triple call',
      '7 plain call',
      '11 async call',
    ]);
  });

  it('Go: the key after the context, in interpreted or raw strings; never a first-argument string', () => {
    const text = [
      'c.BooleanValue(ctx, "interpreted", false, ec)',
      'c.StringValueDetails(context.WithValue(ctx, k, "v"), `raw`, "", ec)',
      'c.String("name", "default", "usage")',
      'r := \'"\'; c.IntValue(ctx, "after-rune", 0, ec)',
      'c.Object(ctx, "short-form", nil, ec)',
    ].join('\n');
    expect(keys('x.go', text)).toEqual([
      '1 interpreted call',
      '2 raw call',
      '4 after-rune call',
      '5 short-form call',
    ]);
  });

  it('Java and C#: character literals, text blocks, verbatim, interpolated and raw strings', () => {
    const java = [
      'char q = \'"\'; c.getBooleanValue("java", false);',
      'String s = """',
      '  c.getBooleanValue("in-text-block", false)',
      '  """; c.getDoubleDetails("after-block", 0.0);',
    ].join('\n');
    expect(keys('X.java', java)).toEqual(['1 java call', '4 after-block call']);
    const csharp = [
      'await c.GetBooleanValueAsync(@"verbatim", false);',
      // A verbatim string may end in a backslash: it escapes nothing there.
      'var p = @"C:\\dir\\"; await c.GetStringValueAsync("after-verbatim", "");',
      'await c.GetIntegerValueAsync($"{name}-x", 0); await c.GetDoubleDetailsAsync($"plain", 0);',
      'var r = """raw"""; await c.GetObjectValueAsync(flagKey: "named", defaultValue: v);',
    ].join('\n');
    expect(keys('X.cs', csharp, ['raw'])).toEqual([
      '1 verbatim call',
      '2 after-verbatim call',
      '3 plain call',
      '4 named call',
      '4 raw literal',
    ]);
  });

  it('reads only the five languages, by extension', () => {
    expect(
      ['a.ts', 'a.TSX', 'a.mjs', 'a.py', 'a.go', 'a.java', 'a.cs'].map((f) => languageOf(f)?.name),
    ).toEqual(['javascript', 'javascript', 'javascript', 'python', 'go', 'java', 'csharp']);
    expect(languageOf('a.rb')).toBeUndefined();
    expect(languageOf('a.json')).toBeUndefined();
  });
});
