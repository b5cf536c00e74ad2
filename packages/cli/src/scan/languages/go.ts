import { type Language, quoted, spellings } from './language.js';

const interpreted = quoted('"', { escapes: 'backslash', multiline: false });
const raw = quoted('`', { escapes: 'none', multiline: true });
const rune = quoted("'", { escapes: 'backslash', multiline: false, isText: false });

/** Go: the go-sdk client, whose methods take a `context.Context` before the flag key. */
export const go: Language = {
  name: 'go',
  extensions: ['.go'],
  syntax: {
    lineComment: '//',
    blockComments: true,
    literal(scanner) {
      const c = scanner.at();
      if (c === '"') return scanner.readString(scanner.pos + 1, interpreted);
      if (c === '`') return scanner.readString(scanner.pos + 1, raw);
      if (c === "'") return scanner.readString(scanner.pos + 1, rune);
      return false;
    },
  },
  getters: new Set(
    spellings(['Boolean', 'String', 'Int', 'Float', 'Object'], [''], ['', 'Value', 'ValueDetails']),
  ),
  keyArgument: 'second',
  typeArguments: false,
};
