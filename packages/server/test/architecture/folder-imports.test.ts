import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** Which top-level folders of src/ each folder imports from (files at the root are the wiring). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const folderOf = (file: string) => {
    const [first, second] = relative(src, file).split('/');
    return second === undefined ? '(wiring)' : first!;
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const from = folderOf(path);
        for (const match of readFileSync(path, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
          const to = folderOf(normalize(join(dirname(path), match[1]!)));
          if (to === from) continue;
          if (!graph.has(from)) graph.set(from, new Set());
          graph.get(from)!.add(to);
        }
      }
    }
  };
  walk(src);
  return graph;
}

function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('the server package layout', () => {
  const graph = folderGraph();

  it('has no two folders importing each other, directly or through others', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('keeps the kernel free of every other folder, and nothing but the wiring imports it all', () => {
    expect([...(graph.get('kernel') ?? [])]).toEqual([]);
    for (const [folder, imports] of graph) {
      if (folder !== '(wiring)') expect(imports.has('(wiring)'), folder).toBe(false);
    }
  });

  it('keeps the SDK-facing code off the admin features', () => {
    const admin = [
      'projects',
      'environments',
      'flags',
      'segments',
      'flag-set-documents',
      'admin-tokens',
      'audit',
      'commands',
    ];
    for (const feature of admin) expect(graph.get('sdk')?.has(feature), `sdk imports ${feature}`).toBeFalsy();
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const cyclic = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    expect(findCycle(cyclic)).toEqual(['a', 'b', 'c', 'a']);
  });
});
