import { pointer } from '@switchyard/core';

/** The name in a `{"$ref": "name"}` node (flagd replaces exactly these), or undefined. */
export function refNameOf(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  const name = (node as { $ref?: unknown }).$ref;
  return keys.length === 1 && keys[0] === '$ref' && typeof name === 'string' ? name : undefined;
}

/** Every `$ref` node in a JSON tree, with its JSON Pointer below `path`. */
export function* refsIn(node: unknown, path: string): Generator<{ name: string; path: string }> {
  const name = refNameOf(node);
  if (name !== undefined) {
    yield { name, path };
    return;
  }
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* refsIn(node[i], pointer(path, i));
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) yield* refsIn(value, pointer(path, key));
  }
}

/** A copy of a JSON tree with every `$ref` node replaced by `replace(name, node)`. */
export function mapRefs(node: unknown, replace: (name: string, node: unknown) => unknown): unknown {
  const name = refNameOf(node);
  if (name !== undefined) return replace(name, node);
  if (Array.isArray(node)) return node.map((item) => mapRefs(item, replace));
  if (typeof node === 'object' && node !== null) {
    // fromEntries defines properties, so a key named "__proto__" stays an ordinary key.
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, mapRefs(value, replace)]));
  }
  return node;
}

/** JSON text with object keys sorted, so equal trees give equal text whatever the key order. */
export function canonicalJson(node: unknown): string {
  if (Array.isArray(node)) return `[${node.map(canonicalJson).join(',')}]`;
  if (typeof node === 'object' && node !== null) {
    const entries = Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${canonicalJson(value)}`).join(',')}}`;
  }
  return JSON.stringify(node) ?? 'null';
}
