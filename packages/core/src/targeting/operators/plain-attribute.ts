import type { JsonValue } from '../../types.js';
import type { CompileScope } from '../compiler-types.js';
import { inherited } from './path-lookup.js';

/**
 * The attribute name when `node` is `{"var": "name"}` (or `{"var": ["name"]}`) reading one own
 * property of the data: no dot, no default, not `$flagd` at the root, not a name every JSON value
 * inherits. Such reads are the bulk of real targeting, so operators fuse them into their own closure
 * (one call instead of two per attribute). Undefined for every other node.
 */
export function plainAttribute(node: JsonValue | undefined, scope: CompileScope): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return undefined;
  let path = node.var;
  if (Array.isArray(path)) {
    if (path.length !== 1) return undefined;
    path = path[0];
  }
  return plainPath(path, scope.atRoot);
}

/** `path` when it names one plain own property (see plainAttribute), else undefined. */
export function plainPath(path: unknown, atRoot: boolean): string | undefined {
  if (typeof path !== 'string' || path === '' || path.includes('.') || inherited(path)) return undefined;
  return atRoot && path === '$flagd' ? undefined : path;
}

/** `{"var": name}` for a plain name: the attribute, or null when absent. */
export function attributeValue(name: string): (data: unknown) => unknown {
  return (data) => {
    if (data === null || data === undefined) return null;
    const value = (data as Record<string, unknown>)[name];
    return value === undefined ? null : value;
  };
}

/** What `data[name]` reads, `undefined` when absent (the caller maps it as `var` would). */
export function readAttribute(data: unknown, name: string): unknown {
  return data === null || data === undefined ? undefined : (data as Record<string, unknown>)[name];
}
