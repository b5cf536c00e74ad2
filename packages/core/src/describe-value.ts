/** The longest description `describeValue` returns unless told otherwise. */
export const DESCRIPTION_LIMIT = 120;

const MAX_ITEMS = 5;
const MAX_NESTING = 2;

/** Strings inside arrays and objects are cut shorter than a string described on its own. */
const NESTED_STRING_LIMIT = 40;

function quote(text: string, limit: number): string {
  if (text.length <= limit) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, limit))}… (${text.length} characters)`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function describeItems(items: string[], total: number, open: string, close: string): string {
  const more = total > items.length ? `, … ${total - items.length} more` : '';
  return `${open}${items.join(', ')}${more}${close}`;
}

/** Own data properties only: reading a getter or calling `toJSON` would run the caller's code. */
function describeOwn(value: object, key: string, nesting: number): string {
  const descriptor = Object.getOwnPropertyDescriptor(value, key);
  if (descriptor === undefined) return '…';
  return 'value' in descriptor ? describeAt(descriptor.value, nesting + 1) : '(getter)';
}

function describeArray(value: unknown[], nesting: number): string {
  if (nesting >= MAX_NESTING) return value.length === 0 ? '[]' : `[… ${count(value.length, 'item')}]`;
  const shown = Math.min(value.length, MAX_ITEMS);
  const items: string[] = [];
  for (let i = 0; i < shown; i++) items.push(describeOwn(value, String(i), nesting));
  return describeItems(items, value.length, '[', ']');
}

function describeObject(value: object, nesting: number): string {
  const keys = Object.keys(value);
  if (nesting >= MAX_NESTING) return keys.length === 0 ? '{}' : `{… ${count(keys.length, 'key')}}`;
  const items = keys
    .slice(0, MAX_ITEMS)
    .map((key) => `${quote(key, NESTED_STRING_LIMIT)}: ${describeOwn(value, key, nesting)}`);
  return describeItems(items, keys.length, '{', '}');
}

function describeAt(value: unknown, nesting: number, stringLimit = NESTED_STRING_LIMIT): string {
  switch (typeof value) {
    case 'string':
      return quote(value, stringLimit);
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'bigint':
      return `${String(value)}n`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      return Array.isArray(value) ? describeArray(value, nesting) : describeObject(value as object, nesting);
  }
}

/**
 * A short description of any value for an error message, e.g. `[[… 1 item]]` or `"red"`. Context
 * values come from callers and may be huge, deeply nested, cyclic, proxies or objects whose getters and
 * `toJSON` throw: this reads only own data properties, a few levels deep, never calls user code on
 * purpose, never throws, and is cut to `limit` characters.
 */
export function describeValue(value: unknown, limit = DESCRIPTION_LIMIT): string {
  let text: string;
  try {
    // Room is left for the quotes and the length note, so a long string keeps its length in the text.
    text = describeAt(value, 0, Math.max(NESTED_STRING_LIMIT, limit - 32));
  } catch {
    text = 'a value that cannot be described';
  }
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

/** The message of anything thrown (an Error, a string, a hostile object), bounded like `describeValue`. */
export function describeError(error: unknown, limit = DESCRIPTION_LIMIT * 2): string {
  try {
    if (error instanceof Error) {
      const message = Object.getOwnPropertyDescriptor(error, 'message')?.value;
      if (typeof message !== 'string') return 'an error without a message';
      return message.length <= limit ? message : `${message.slice(0, limit)}…`;
    }
  } catch {
    // A proxy can throw from `instanceof` or from its descriptors: describe it as a value instead.
  }
  return describeValue(error, limit);
}
