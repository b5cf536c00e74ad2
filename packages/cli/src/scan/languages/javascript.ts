import type { SourceScanner } from '../source-scanner.js';
import type { Token } from '../token.js';
import { type Language, quoted, spellings } from './language.js';

const single = quoted("'", { escapes: 'backslash', multiline: false });
const double = quoted('"', { escapes: 'backslash', multiline: false });
const template = quoted('`', { escapes: 'backslash', multiline: true, holes: 'dollar-brace' });

/** Keywords after which `/` starts a regex, not a division. */
const beforeExpression = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
]);

function regexMayStart(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  if (previous.kind === 'name') return beforeExpression.has(previous.text);
  if (previous.kind === 'punct') return previous.text !== ')' && previous.text !== ']';
  return false;
}

/** A regex literal from `pos`, so that a quote inside one (`/'/g`) does not start a string. */
function readRegex(scanner: SourceScanner): boolean {
  const { text } = scanner;
  let inClass = false;
  for (let i = scanner.pos + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\n') return false;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let end = i + 1;
      while (/[a-z]/.test(text.charAt(end))) end++;
      scanner.readOther(end);
      return true;
    }
  }
  return false;
}

/** JavaScript and TypeScript, JSX included: the server, web and React OpenFeature SDKs. */
export const javascript: Language = {
  name: 'javascript',
  extensions: ['.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts'],
  syntax: {
    lineComment: '//',
    blockComments: true,
    literal(scanner) {
      const c = scanner.at();
      if (c === "'") return scanner.readString(scanner.pos + 1, single);
      if (c === '"') return scanner.readString(scanner.pos + 1, double);
      if (c === '`') return scanner.readString(scanner.pos + 1, template);
      if (c === '/' && regexMayStart(scanner.last())) return readRegex(scanner);
      return false;
    },
  },
  getters: new Set([
    ...spellings(['get'], ['Boolean', 'String', 'Number', 'Object'], ['Value', 'Details']),
    // @openfeature/react-sdk hooks.
    'useFlag',
    'useSuspenseFlag',
    ...spellings(['use'], ['Boolean', 'String', 'Number', 'Object'], ['FlagValue', 'FlagDetails']),
  ]),
  keyArgument: 'first',
  typeArguments: true,
};
