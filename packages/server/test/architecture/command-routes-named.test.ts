import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** Routes that run a command no approval policy holds, so they have no 202 to document. */
const unheldRoutes = new Set(["integrations/flagger-routes.ts '/integrations/flagger/event'"]);

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(path);
    return entry.name.endsWith('-routes.ts') ? [path] : [];
  });
}

// The OpenAPI document lists a held write's 202 from the `command` a route's schema names: a route
// that runs a command without naming it would silently lose that answer from the document.
it('every route that runs a command names it in its schema', () => {
  const unnamed: string[] = [];
  for (const file of routeFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const starts = [...text.matchAll(/\b(?:app|scope)(?:\.(?:get|post|put|patch|delete)|\[method\])\b/g)].map(
      (m) => m.index,
    );
    starts.forEach((start, i) => {
      const block = text.slice(start, starts[i + 1] ?? text.length);
      if (!/commands\.execute\(|\bwrite\('/.test(block)) return;
      if (/\bcommand: /.test(block)) return;
      const url = /\(\s*(['`][^'`]+['`])/.exec(block.slice(block.indexOf('(')))?.[1] ?? '?';
      const where = `${relative(src, file)} ${url}`;
      if (!unheldRoutes.has(where)) unnamed.push(where);
    });
  }
  expect(unnamed).toEqual([]);
});
