import { pointer } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { type Issue, validationFailed } from '../kernel/errors.js';

/** Deeper than any real flag definition; bounds the recursion of everything that walks the JSON later. */
export const maxJsonDepth = 64;

/**
 * Refuses input that no schema catches but that storage or recursive processing cannot take:
 * NUL characters (PostgreSQL text rejects them), numbers beyond the double range and absurdly
 * deep nesting (stack exhaustion).
 * Runs before schema validation, over body, path and query parameters.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const issues = [
      ...inspect(request.body, '/body'),
      ...inspect(request.params, '/params'),
      ...inspect(request.query, '/query'),
    ];
    if (issues.length > 0) throw validationFailed(issues.slice(0, 20));
  });
}

/** Iterative walk (a recursive one would itself overflow on the inputs it must refuse). */
export function inspect(root: unknown, rootPath: string): Issue[] {
  const issues: Issue[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) issues.push({ path, message: 'must not contain NUL characters' });
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      // JSON.parse reads 1e309 as Infinity, which JSON cannot hold: it would be stored as null.
      issues.push({ path, message: 'is a number too large to represent (it overflows to infinity)' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxJsonDepth) {
      issues.push({ path, message: `is nested more than ${maxJsonDepth} levels deep` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = pointer(path, key);
      if (key.includes('\u0000'))
        issues.push({ path: childPath, message: 'property names must not contain NUL characters' });
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return issues;
}
