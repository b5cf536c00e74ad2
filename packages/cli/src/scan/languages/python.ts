import type { SourceScanner, StringForm } from '../source-scanner.js';
import { type Language, quoted, spellings } from './language.js';

/** String prefixes (any case): r raw, b bytes, u unicode, f and t with substitutions. */
const prefixRegex = /([rRbBuUfFtT]{0,2})('''|"""|'|")/y;

function formOf(prefix: string, quote: string): StringForm {
  const lower = prefix.toLowerCase();
  return quoted(quote, {
    escapes: lower.includes('r') ? 'none' : 'backslash',
    multiline: quote.length === 3,
    holes: lower.includes('f') || lower.includes('t') ? 'brace' : 'none',
    isText: !lower.includes('b') && !lower.includes('t'),
  });
}

function readPythonString(scanner: SourceScanner): boolean {
  const c = scanner.at();
  if (c !== "'" && c !== '"' && !/[rRbBuUfFtT]/.test(c)) return false;
  prefixRegex.lastIndex = scanner.pos;
  const match = prefixRegex.exec(scanner.text);
  if (!match) return false;
  const [whole, prefix = '', quote = ''] = match;
  // A name such as `fr` directly followed by a quote is a prefix; `bar'…'` is a name, then a string.
  if (prefix !== '' && /[\p{ID_Continue}]/u.test(scanner.text.charAt(scanner.pos - 1))) return false;
  return scanner.readString(scanner.pos + whole.length, formOf(prefix, quote));
}

/** Python: the openfeature-sdk client, sync and async. */
export const python: Language = {
  name: 'python',
  extensions: ['.py', '.pyi'],
  syntax: { lineComment: '#', blockComments: false, literal: readPythonString },
  getters: new Set(
    spellings(['get_'], ['boolean', 'string', 'integer', 'float', 'object'], ['_value', '_details']).flatMap(
      (name) => [name, `${name}_async`],
    ),
  ),
  keyArgument: 'first',
  namedKey: { names: new Set(['flag_key', 'key']), sign: '=' },
  typeArguments: false,
};
