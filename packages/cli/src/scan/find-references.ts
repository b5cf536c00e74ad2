import type { Language } from './languages/index.js';
import { tokenize } from './source-scanner.js';
import type { Token } from './token.js';

/** A flag key found in a file, on the line where its string starts. */
export interface FoundKey {
  readonly flag: string;
  readonly line: number;
  /** `call`: the key argument of an OpenFeature evaluation; `literal`: a string equal to a known key. */
  readonly via: 'call' | 'literal';
}

/** How far `getObjectValue<…>(` may look for the end of its type arguments. */
const MAX_TYPE_ARGUMENT_TOKENS = 40;

/**
 * The flag keys `text` uses: the string-literal key argument of every OpenFeature evaluation call,
 * and every string literal equal to one of `knownKeys`. One entry per key and line, in order.
 */
export function findKeys(text: string, language: Language, knownKeys: ReadonlySet<string>): FoundKey[] {
  const tokens = tokenize(text, language.syntax);
  const found = new Map<string, FoundKey>();
  const add = (key: FoundKey) => {
    const id = `${key.line}\u0000${key.flag}`;
    if (!found.has(id) || key.via === 'call') found.set(id, key);
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'string' && token.value !== '' && knownKeys.has(token.value)) {
      add({ flag: token.value, line: token.line, via: 'literal' });
    } else if (token.kind === 'name' && language.getters.has(token.text)) {
      const key = keyArgument(tokens, i + 1, language);
      if (key !== undefined) add({ flag: key.value, line: key.line, via: 'call' });
    }
  }
  return [...found.values()].sort((a, b) => a.line - b.line || compareText(a.flag, b.flag));
}

/** The key argument of a call whose name ends just before `start`, when it is a whole string literal. */
function keyArgument(
  tokens: readonly Token[],
  start: number,
  language: Language,
): { value: string; line: number } | undefined {
  let i = start;
  if (language.typeArguments && isPunct(tokens[i], '<')) i = afterTypeArguments(tokens, i);
  if (!isPunct(tokens[i], '(')) return undefined;
  i++;
  if (language.keyArgument === 'second') {
    // The first argument is the context: an expression, never a string literal of its own.
    if (tokens[i]?.kind === 'string' && isArgumentEnd(tokens[i + 1])) return undefined;
    i = afterArgument(tokens, i);
    if (!isPunct(tokens[i], ',')) return undefined;
    i++;
  }
  const named = language.namedKey;
  const name = tokens[i];
  if (named && name?.kind === 'name' && named.names.has(name.text) && isPunct(tokens[i + 1], named.sign)) {
    i += 2;
  }
  const key = tokens[i];
  if (key?.kind !== 'string' || key.value === '' || !isArgumentEnd(tokens[i + 1])) return undefined;
  return { value: key.value, line: key.line };
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token?.kind === 'punct' && token.text === text;
}

function isArgumentEnd(token: Token | undefined): boolean {
  return isPunct(token, ',') || isPunct(token, ')');
}

/** The index after `<…>` starting at `start`, or `start` when it does not close soon. */
function afterTypeArguments(tokens: readonly Token[], start: number): number {
  let depth = 0;
  const limit = Math.min(tokens.length, start + MAX_TYPE_ARGUMENT_TOKENS);
  for (let i = start; i < limit; i++) {
    if (isPunct(tokens[i], '<')) depth++;
    else if (isPunct(tokens[i], '>') && --depth === 0) return i + 1;
  }
  return start;
}

/** The index of the `,` or `)` that ends the argument starting at `start`. */
function afterArgument(tokens: readonly Token[], start: number): number {
  let depth = 0;
  for (let i = start; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'punct') continue;
    if (token.text === '(' || token.text === '[' || token.text === '{') depth++;
    else if (token.text === ')' || token.text === ']' || token.text === '}') {
      if (depth === 0) return i;
      depth--;
    } else if (token.text === ',' && depth === 0) {
      return i === start ? -1 : i;
    }
  }
  return tokens.length;
}

/** Plain code-unit order: the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
