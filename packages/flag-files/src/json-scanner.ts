/**
 * A validating scan of JSON text (RFC 8259) that reports what `JSON.parse` does not: where a syntax
 * error is, and which object keys are repeated.
 *
 * `JSON.parse` stays the parser. This exists because Node 20's error messages give no position for
 * several errors (e.g. `Unexpected token '}', "…" is not valid JSON`), a file name without a line and
 * column is of little use in a 500-line flag file, and a repeated flag key silently replaces the first.
 */
export interface JsonSyntaxLocation {
  /** 0-based character offset of the offending character (or `text.length` for a premature end). */
  readonly offset: number;
  readonly message: string;
}

class JsonSyntaxFault {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$]*/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

/** A key repeated within one JSON object; `JSON.parse` keeps the last value without a word. */
export interface DuplicateJsonKey {
  readonly key: string;
  /** 0-based offsets of the repeated key and of its first occurrence. */
  readonly offset: number;
  readonly firstOffset: number;
}

/** Returns the first syntax error in `text`, or `undefined` when it is valid JSON. */
export function locateJsonSyntaxError(text: string): JsonSyntaxLocation | undefined {
  try {
    new JsonScanner(text, () => {}).document();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxFault) return { offset: error.offset, message: error.message };
    // Nesting deep enough to exhaust the stack: the caller falls back to JSON.parse's own message.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/** Every repeated key in every object of a valid JSON text, in document order. */
export function findDuplicateJsonKeys(text: string): DuplicateJsonKey[] {
  const duplicates: DuplicateJsonKey[] = [];
  try {
    new JsonScanner(text, (duplicate) => duplicates.push(duplicate)).document();
  } catch (error) {
    if (!(error instanceof JsonSyntaxFault) && !(error instanceof RangeError)) throw error;
  }
  return duplicates;
}

class JsonScanner {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly onDuplicateKey: (duplicate: DuplicateJsonKey) => void,
  ) {}

  document(): void {
    this.value();
    this.skipWhitespace();
    if (this.i < this.text.length) this.fail(`unexpected ${this.describe()} after the end of the JSON value`);
  }

  private value(): void {
    this.skipWhitespace();
    const c = this.text[this.i];
    if (c === '{') this.object();
    else if (c === '[') this.array();
    else if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else this.literal();
  }

  private literal(): void {
    WORD.lastIndex = this.i;
    const word = WORD.exec(this.text)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.i += word.length;
      return;
    }
    if (word !== undefined) this.fail(`unexpected word '${word}', expected a value`);
    this.fail(`unexpected ${this.describe()}, expected a value`);
  }

  private object(): void {
    this.i++;
    this.skipWhitespace();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    const seen = new Map<string, number>();
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.i] !== '"')
        this.fail(`expected a double-quoted property name, found ${this.describe()}`);
      this.key(seen);
      this.skipWhitespace();
      if (this.text[this.i] !== ':') this.fail(`expected ':' after property name, found ${this.describe()}`);
      this.i++;
      this.value();
      this.skipWhitespace();
      const c = this.text[this.i];
      this.i++;
      if (c === '}') return;
      if (c !== ',')
        this.fail(`expected ',' or '}' after property value, found ${this.describe(this.i - 1)}`, -1);
    }
  }

  private array(): void {
    this.i++;
    this.skipWhitespace();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (;;) {
      this.value();
      this.skipWhitespace();
      const c = this.text[this.i];
      this.i++;
      if (c === ']') return;
      if (c !== ',')
        this.fail(`expected ',' or ']' after array element, found ${this.describe(this.i - 1)}`, -1);
    }
  }

  private key(seen: Map<string, number>): void {
    const start = this.i;
    this.string();
    const key = JSON.parse(this.text.slice(start, this.i)) as string;
    const firstOffset = seen.get(key);
    if (firstOffset === undefined) seen.set(key, start);
    else this.onDuplicateKey({ key, offset: start, firstOffset });
  }

  private string(): void {
    const start = this.i;
    this.i++;
    while (this.i < this.text.length) {
      const c = this.text[this.i]!;
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const escaped = this.text[this.i + 1];
        if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) {
          this.i += 2;
          continue;
        }
        HEX4.lastIndex = this.i + 2;
        if (escaped === 'u' && HEX4.test(this.text)) {
          this.i += 6;
          continue;
        }
        this.fail('invalid escape sequence in string');
      }
      if (c.charCodeAt(0) < 0x20) this.fail('unescaped control character (e.g. a line break) in string');
      this.i++;
    }
    this.fail('unterminated string', start - this.i);
  }

  private number(): void {
    NUMBER.lastIndex = this.i;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('invalid number');
    this.i += match![0].length;
  }

  private skipWhitespace(): void {
    for (;;) {
      const c = this.text[this.i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') return;
      this.i++;
    }
  }

  private describe(at = this.i): string {
    const c = this.text[at];
    return c === undefined ? 'end of input' : JSON.stringify(c);
  }

  private fail(message: string, shift = 0): never {
    throw new JsonSyntaxFault(Math.min(this.i + shift, this.text.length), message);
  }
}
