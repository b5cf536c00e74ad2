import type { Token } from './token.js';

/** How one kind of string literal is written, from just after its opening delimiter. */
export interface StringForm {
  /** Length of the closing delimiter at `pos`, or 0 when none is there. */
  readonly closeLength: (text: string, pos: number) => number;
  /** `\n`-style escapes, a doubled quote (C# verbatim strings), or none (raw strings). */
  readonly escapes: 'backslash' | 'doubled' | 'none';
  readonly multiline: boolean;
  /** Substitutions: `${…}` (JavaScript templates), or `{…}` with `{{` for a brace (f-strings, `$"…"`). */
  readonly holes: 'dollar-brace' | 'brace' | 'none';
  /** false: never a flag key (bytes, characters, text blocks). */
  readonly isText: boolean;
}

/** A language's lexical rules, as far as finding strings outside comments needs them. */
export interface Syntax {
  readonly lineComment: '//' | '#';
  readonly blockComments: boolean;
  /** Reads the literal (string, character, regex) starting at `scanner.pos`, if one does; false otherwise. */
  literal(scanner: SourceScanner): boolean;
}

interface ScannedBody {
  readonly end: number;
  /** The decoded text; undefined when the literal is not plain text (unterminated, or it has a hole). */
  readonly value: string | undefined;
  /** The body stopped at a substitution, which `end` is just inside. */
  readonly hole: boolean;
}

const NEWLINE = 10;
const nameRegex = /[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*/uy;
const numberRegex = /[0-9][0-9A-Za-z_.]*/y;

/** The cursor over one file's text, and the tokens read so far. */
export class SourceScanner {
  readonly tokens: Token[] = [];
  pos = 0;
  line = 1;
  /** Substitutions of interpolated strings being read, innermost last, with their open braces. */
  readonly #holes: { form: StringForm; depth: number }[] = [];

  constructor(readonly text: string) {}

  at(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  startsWith(prefix: string): boolean {
    return this.text.startsWith(prefix, this.pos);
  }

  /** Moves to `end`, counting the lines passed. */
  moveTo(end: number): void {
    const { text } = this;
    for (let i = this.pos; i < end; i++) if (text.charCodeAt(i) === NEWLINE) this.line++;
    this.pos = end;
  }

  push(token: Token): void {
    this.tokens.push(token);
  }

  last(): Token | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  /**
   * Reads a string literal whose delimiter starts at `pos` and whose body starts at `bodyStart`.
   * False (nothing consumed) when a single-line string meets the end of its line: that quote was not
   * the start of a string (an apostrophe in JSX text, say), so one stray quote costs one line at most.
   */
  readString(bodyStart: number, form: StringForm): boolean {
    const body = scanBody(this.text, bodyStart, form);
    if (body === undefined) return false;
    const line = this.line;
    if (form.isText && body.value !== undefined) this.push({ kind: 'string', value: body.value, line });
    else this.push({ kind: 'other', line });
    this.moveTo(body.end);
    if (body.hole) this.#holes.push({ form, depth: 0 });
    return true;
  }

  /** Reads a literal that is never a flag key (a character, a regex) ending at `end`. */
  readOther(end: number): void {
    this.push({ kind: 'other', line: this.line });
    this.moveTo(end);
  }

  /** Reads a name at `pos` if one starts there. */
  readName(): boolean {
    nameRegex.lastIndex = this.pos;
    const match = nameRegex.exec(this.text);
    if (!match) return false;
    this.push({ kind: 'name', text: match[0], line: this.line });
    this.pos += match[0].length;
    return true;
  }

  readNumber(): boolean {
    numberRegex.lastIndex = this.pos;
    const match = numberRegex.exec(this.text);
    if (!match) return false;
    this.readOther(this.pos + match[0].length);
    return true;
  }

  skipLineComment(): void {
    const end = this.text.indexOf('\n', this.pos);
    this.pos = end === -1 ? this.text.length : end;
  }

  skipBlockComment(): void {
    const end = this.text.indexOf('*/', this.pos + 2);
    this.moveTo(end === -1 ? this.text.length : end + 2);
  }

  /** A `{` in code: inside a substitution, one more brace to close before the string goes on. */
  openBrace(): void {
    const hole = this.#holes[this.#holes.length - 1];
    if (hole) hole.depth++;
    this.push({ kind: 'punct', text: '{', line: this.line });
    this.pos++;
  }

  /** A `}` in code: it may end a substitution, and the interpolated string then goes on. */
  closeBrace(): void {
    const hole = this.#holes[this.#holes.length - 1];
    if (!hole || hole.depth > 0) {
      if (hole) hole.depth--;
      this.push({ kind: 'punct', text: '}', line: this.line });
      this.pos++;
      return;
    }
    this.#holes.pop();
    const body = scanBody(this.text, this.pos + 1, hole.form);
    if (body === undefined) {
      this.pos++;
      return;
    }
    this.moveTo(body.end);
    if (body.hole) this.#holes.push(hole);
  }
}

/** Reads a file's tokens by `syntax`. */
export function tokenize(text: string, syntax: Syntax): Token[] {
  const scanner = new SourceScanner(text);
  const { length } = text;
  while (scanner.pos < length) {
    const c = text.charCodeAt(scanner.pos);
    if (c === NEWLINE) {
      scanner.line++;
      scanner.pos++;
    } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
      scanner.pos++;
    } else if (scanner.startsWith(syntax.lineComment)) {
      scanner.skipLineComment();
    } else if (syntax.blockComments && scanner.startsWith('/*')) {
      scanner.skipBlockComment();
    } else if (syntax.literal(scanner)) {
      // read by the language
    } else if (c >= 48 && c <= 57) {
      scanner.readNumber();
    } else if (c === 123) {
      scanner.openBrace();
    } else if (c === 125) {
      scanner.closeBrace();
    } else if (!scanner.readName()) {
      scanner.push({ kind: 'punct', text: text.charAt(scanner.pos), line: scanner.line });
      scanner.pos++;
    }
  }
  return scanner.tokens;
}

function scanBody(text: string, start: number, form: StringForm): ScannedBody | undefined {
  let value = '';
  let segment = start;
  let i = start;
  while (i < text.length) {
    const c = text.charAt(i);
    if (form.escapes === 'doubled' && c === '"' && text.charAt(i + 1) === '"') {
      value += `${text.slice(segment, i)}"`;
      i += 2;
      segment = i;
      continue;
    }
    const close = form.closeLength(text, i);
    if (close > 0) return { end: i + close, value: value + text.slice(segment, i), hole: false };
    if (c === '\n' && !form.multiline) return undefined;
    if (c === '\\' && form.escapes === 'backslash') {
      const [decoded, length] = decodeEscape(text, i);
      value += text.slice(segment, i) + decoded;
      i += length;
      segment = i;
      continue;
    }
    if (form.holes === 'dollar-brace' && c === '$' && text.charAt(i + 1) === '{') {
      return { end: i + 2, value: undefined, hole: true };
    }
    if (form.holes === 'brace' && (c === '{' || c === '}')) {
      if (text.charAt(i + 1) === c) {
        value += text.slice(segment, i) + c;
        i += 2;
        segment = i;
        continue;
      }
      if (c === '{') return { end: i + 1, value: undefined, hole: true };
    }
    i++;
  }
  // Unterminated at the end of the file: not a value to trust.
  return { end: text.length, value: undefined, hole: false };
}

const simpleEscapes: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  '0': '\0',
  '\n': '',
};

/** The text of the escape sequence at `i` (a backslash) and its length. */
function decodeEscape(text: string, i: number): [string, number] {
  const c = text.charAt(i + 1);
  if (c === '') return ['', 1];
  const simple = simpleEscapes[c];
  if (simple !== undefined) return [simple, 2];
  if (c === '\r') return ['', text.charAt(i + 2) === '\n' ? 3 : 2];
  if (c === 'x') return hexEscape(text, i + 2, 2, 2);
  if (c === 'U') return hexEscape(text, i + 2, 8, 2);
  if (c === 'u') {
    if (text.charAt(i + 2) !== '{') return hexEscape(text, i + 2, 4, 2);
    const end = text.indexOf('}', i + 3);
    const code = end === -1 ? Number.NaN : Number.parseInt(text.slice(i + 3, end), 16);
    if (Number.isNaN(code) || code > 0x10ffff) return [c, 2];
    return [String.fromCodePoint(code), end - i + 1];
  }
  return [c, 2];
}

function hexEscape(text: string, start: number, digits: number, prefix: number): [string, number] {
  const hex = text.slice(start, start + digits);
  const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits ? Number.parseInt(hex, 16) : Number.NaN;
  if (Number.isNaN(code) || code > 0x10ffff) return [text.charAt(start - 1), prefix];
  return [String.fromCodePoint(code), prefix + digits];
}
