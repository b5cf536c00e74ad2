import type { SourceScanner, StringForm } from '../source-scanner.js';
import { type Language, quoted, spellings } from './language.js';

const character = quoted("'", { escapes: 'backslash', multiline: false, isText: false });
/** `$`s and `@` before the quotes, then the quotes: `"…"`, `@"…"`, `$"…"`, `$@"…"`, `"""…"""`, `$$"""…"""`. */
const openingRegex = /(\$*)(@?)(\$*)("{3,}|")/y;

function formOf(dollars: number, verbatim: boolean, quotes: string): StringForm {
  if (quotes.length >= 3) {
    // Raw strings: no escapes; interpolated ones are not followed into (their braces vary with the `$`s).
    return quoted(quotes, { escapes: 'none', multiline: true, isText: dollars === 0 });
  }
  return quoted('"', {
    escapes: verbatim ? 'doubled' : 'backslash',
    multiline: verbatim,
    holes: dollars > 0 ? 'brace' : 'none',
  });
}

function readCSharpLiteral(scanner: SourceScanner): boolean {
  const c = scanner.at();
  if (c === "'") return scanner.readString(scanner.pos + 1, character);
  if (c !== '"' && c !== '$' && c !== '@') return false;
  openingRegex.lastIndex = scanner.pos;
  const match = openingRegex.exec(scanner.text);
  if (!match) {
    // `@class`: a verbatim identifier, the same name as `class`.
    if (c === '@' && scanner.readName()) return true;
    return false;
  }
  const [whole, before = '', at = '', after = '', quotes = ''] = match;
  const form = formOf(before.length + after.length, at === '@', quotes);
  const read = scanner.readString(scanner.pos + whole.length, form);
  // A raw string's value keeps its indentation and line breaks as written: trusted on one line only.
  const token = scanner.last();
  if (read && quotes.length >= 3 && token?.kind === 'string' && token.value.includes('\n')) {
    scanner.tokens[scanner.tokens.length - 1] = { kind: 'other', line: token.line };
  }
  return read;
}

/** C#: the .NET SDK's `FeatureClient`, whose methods are asynchronous. */
export const csharp: Language = {
  name: 'csharp',
  extensions: ['.cs'],
  syntax: { lineComment: '//', blockComments: true, literal: readCSharpLiteral },
  getters: new Set(
    spellings(['Get'], ['Boolean', 'String', 'Integer', 'Double', 'Object'], ['ValueAsync', 'DetailsAsync']),
  ),
  keyArgument: 'first',
  namedKey: { names: new Set(['flagKey']), sign: ':' },
  typeArguments: true,
};
