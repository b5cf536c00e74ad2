import { pointer } from '@switchyard/core';

/** Deeper than any flag set a person writes, and well inside what JSON writers and comparers can recurse. */
export const MAX_FLAG_FILE_DEPTH = 1000;

/** The path of the first value nested deeper than `limit`, walking without recursion; undefined if none. */
export function tooDeepAt(root: unknown, limit = MAX_FLAG_FILE_DEPTH): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return path;
    for (const [key, child] of Object.entries(value)) {
      stack.push({ value: child, path: pointer(path, key), depth: depth + 1 });
    }
  }
  return undefined;
}
