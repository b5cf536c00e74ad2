import { createHash } from 'node:crypto';
import type { EvaluatorScopes } from './evaluator-scopes.js';
import { canonicalJson, mapRefs } from './json-refs.js';

/** An evaluator published under another name than the one its file gives it. */
export interface RenamedEvaluator {
  readonly index: number;
  readonly name: string;
  readonly publishedName: string;
}

export interface PublishedEvaluators {
  /** The `$evaluators` of the combined document, `$ref`s rewritten to published names. */
  readonly evaluators: Record<string, unknown>;
  readonly renamed: readonly RenamedEvaluator[];
  /** A copy of `node`, a JSON tree of file `index`, with its `$ref`s pointing at published names. */
  rewriteRefs(index: number, node: unknown): unknown;
}

/**
 * Gives every file's evaluators one namespace, for the single document a combination publishes.
 * Evaluators of the same name that mean the same rule (their rules, and the rules they refer to,
 * each in its file's scope) are published once under that name. When files define different rules
 * under one name, the rule of the last of those files keeps the name and each other rule is published
 * as `NAME@N`, N being the 1-based position of the first file defining it (`-2`, `-3`… appended should
 * that name be taken). Names any file refers to count as taken, so a rename never captures a `$ref`
 * that was meant to stay unresolved.
 */
export function publishEvaluators(
  scopes: EvaluatorScopes,
  referencedNames: Iterable<string>,
): PublishedEvaluators {
  const identityOf = ruleIdentities(scopes);
  const defined = new Set<string>();
  for (const evaluators of scopes.evaluators) for (const name of evaluators.keys()) defined.add(name);
  const taken = new Set<string>([...referencedNames, ...defined]);

  const publishedNames = new Map<string, string>();
  const groupsByName = new Map<string, number[][]>();
  const renamed: RenamedEvaluator[] = [];
  for (const name of defined) {
    const groups = new Map<string, number[]>();
    scopes.evaluators.forEach((evaluators, index) => {
      if (!evaluators.has(name)) return;
      const identity = identityOf(index, name);
      groups.set(identity, [...(groups.get(identity) ?? []), index]);
    });
    const grouped = [...groups.values()];
    groupsByName.set(name, grouped);
    const lastDefiner = Math.max(...grouped.flat());
    for (const group of grouped) {
      const publishedName = group.includes(lastDefiner)
        ? name
        : uniqueName(`${name}@${group[0]! + 1}`, taken);
      for (const index of group) {
        publishedNames.set(key(index, name), publishedName);
        if (publishedName !== name) renamed.push({ index, name, publishedName });
      }
    }
  }

  const rewriteRefs = (index: number, node: unknown): unknown =>
    mapRefs(node, (name, original) => {
      const source = scopes.resolve(index, name);
      return source === undefined ? original : { $ref: publishedNames.get(key(source, name))! };
    });

  const evaluators: [string, unknown][] = [];
  for (const [name, groups] of groupsByName) {
    for (const group of groups) {
      const representative = group.at(-1)!;
      const publishedName = publishedNames.get(key(representative, name))!;
      evaluators.push([publishedName, rewriteRefs(representative, scopes.rule(representative, name))]);
    }
  }
  // fromEntries defines properties, so an evaluator named "__proto__" stays an ordinary entry.
  return { evaluators: Object.fromEntries(evaluators), renamed, rewriteRefs };
}

function key(index: number, name: string): string {
  return `${index}\u0000${name}`;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/**
 * What an evaluator means, as a digest: its canonical JSON with each `$ref` replaced by the digest of
 * the rule it resolves to in the scope of the file holding it (a Merkle digest, so rules that refer to
 * each other are compared in linear time, never expanded). A cycle gets a marker naming where it
 * closes, so cyclic rules of different files never count as equal.
 */
function ruleIdentities(scopes: EvaluatorScopes): (index: number, name: string) => string {
  const digests = new Map<string, string>();
  const computing = new Set<string>();
  const digest = (index: number, name: string): string => {
    const id = key(index, name);
    const known = digests.get(id);
    if (known !== undefined) return known;
    if (computing.has(id)) return `cycle:${id}`;
    computing.add(id);
    const value = mapRefs(scopes.rule(index, name), (ref, node) => {
      const source = scopes.resolve(index, ref);
      return source === undefined ? node : { $rule: digest(source, ref) };
    });
    computing.delete(id);
    const result = createHash('sha256').update(canonicalJson(value)).digest('base64url');
    digests.set(id, result);
    return result;
  };
  return digest;
}
