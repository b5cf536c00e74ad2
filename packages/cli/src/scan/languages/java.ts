import { type Language, quoted, spellings } from './language.js';

const string = quoted('"', { escapes: 'backslash', multiline: false });
const textBlock = quoted('"""', { escapes: 'backslash', multiline: true, isText: false });
const character = quoted("'", { escapes: 'backslash', multiline: false, isText: false });

/** Java: the Java SDK's client (and Kotlin-free Android code that calls it). */
export const java: Language = {
  name: 'java',
  extensions: ['.java'],
  syntax: {
    lineComment: '//',
    blockComments: true,
    literal(scanner) {
      const c = scanner.at();
      if (scanner.startsWith('"""')) return scanner.readString(scanner.pos + 3, textBlock);
      if (c === '"') return scanner.readString(scanner.pos + 1, string);
      if (c === "'") return scanner.readString(scanner.pos + 1, character);
      return false;
    },
  },
  getters: new Set(
    spellings(['get'], ['Boolean', 'String', 'Integer', 'Double', 'Object'], ['Value', 'Details']),
  ),
  keyArgument: 'first',
  typeArguments: false,
};
