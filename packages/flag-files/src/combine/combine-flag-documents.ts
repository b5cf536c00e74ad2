import type { FlagSetDocument } from '@switchyard/core';
import { pointer } from '@switchyard/core';
import { EvaluatorScopes } from './evaluator-scopes.js';
import { refsIn } from './json-refs.js';
import { publishEvaluators } from './publish-evaluators.js';
import { foldSetMetadata, splitSetMetadata } from './set-metadata.js';

/** One file of a combination: its flag set in map form. */
export interface CombinationSource {
  readonly file: string;
  readonly document: FlagSetDocument;
  /** Where each flag is in the file (for array-form files); `/flags/KEY` when absent. */
  readonly flagPaths?: ReadonlyMap<string, string>;
}

/** A `$ref` that its own file does not define, resolved with another file's evaluator. */
export interface BorrowedRef {
  readonly file: string;
  /** JSON Pointer of the `$ref` node in `file`. */
  readonly path: string;
  readonly name: string;
  /** The file whose evaluator it uses. */
  readonly from: string;
}

/** An evaluator published under another name, because another file gives that name a different rule. */
export interface RenamedEvaluator {
  readonly file: string;
  readonly name: string;
  readonly publishedName: string;
}

export interface CombinedFlagSet {
  /** The one flagd document that answers as the files do, each with its own evaluators and metadata. */
  readonly document: FlagSetDocument;
  /** Flag key → the file whose definition wins, in order of first definition. */
  readonly owners: ReadonlyMap<string, string>;
  readonly renamedEvaluators: readonly RenamedEvaluator[];
  readonly borrowedRefs: readonly BorrowedRef[];
}

/**
 * Combines flag files the way flagd combines several sources, into the single flagd document that
 * Switchyard publishes per environment (SDKs sync one document, and `eval` evaluates the same one, so
 * both answer alike):
 *
 * - a flag defined in several files is taken from the last of them; flags keep the position of their
 *   first definition;
 * - each file keeps its own `$evaluators`: a `$ref` resolves to its own file's evaluator (see
 *   `EvaluatorScopes` for the one exception, a name the file does not define). Evaluator names that
 *   several files give different rules are renamed (see `publishEvaluators`) and the `$ref`s of that
 *   file's flags and evaluators rewritten; a rule defined alike in several files is published once;
 * - each file keeps its own flag-set metadata: entries all files share stay the document's metadata,
 *   the others are folded into the metadata of that file's flags (see `splitSetMetadata`);
 * - `$schema` is kept when the files agree on it; other top-level members, which no evaluator reads,
 *   are left out.
 *
 * One file comes out as it went in, minus unknown top-level members. The files are expected to have
 * passed flagd's own checks (`FlagSet.parse`) one by one; nothing here validates them.
 */
export function combineFlagDocuments(sources: readonly CombinationSource[]): CombinedFlagSet {
  if (sources.length === 0) throw new RangeError('a combination needs at least one flag file');
  const scopes = new EvaluatorScopes(sources.map(({ document }) => new Map(entriesOf(document.$evaluators))));
  const refs = sources.map(refsOfSource);
  const evaluators = publishEvaluators(
    scopes,
    refs.flat().map((ref) => ref.name),
  );
  const metadata = splitSetMetadata(sources.map(({ document }) => document.metadata));

  const owners = new Map<string, number>();
  sources.forEach(({ document }, index) => {
    for (const key of Object.keys(document.flags)) owners.set(key, index);
  });
  const flags = [...owners].map(([key, index]) => {
    const definition: unknown = sources[index]!.document.flags[key];
    if (!isObject(definition)) return [key, definition];
    const published = { ...definition };
    if (definition.targeting !== undefined)
      published.targeting = evaluators.rewriteRefs(index, definition.targeting);
    const flagMetadata = foldSetMetadata(definition.metadata, metadata.extras[index]!);
    if (flagMetadata !== undefined) published.metadata = flagMetadata;
    return [key, published];
  });

  const document: Record<string, unknown> = {};
  const schemas = new Set(
    sources.map(({ document }) => document.$schema).filter((schema) => schema !== undefined),
  );
  if (schemas.size === 1) document.$schema = [...schemas][0];
  // fromEntries defines properties, so a flag named "__proto__" stays an ordinary flag.
  document.flags = Object.fromEntries(flags);
  if (sources.some(({ document }) => document.$evaluators !== undefined))
    document.$evaluators = evaluators.evaluators;
  if (metadata.common !== undefined) document.metadata = metadata.common;

  return {
    document: document as unknown as FlagSetDocument,
    owners: new Map([...owners].map(([key, index]) => [key, sources[index]!.file])),
    renamedEvaluators: evaluators.renamed.map(({ index, name, publishedName }) => ({
      file: sources[index]!.file,
      name,
      publishedName,
    })),
    borrowedRefs: refs.flatMap((fileRefs, index) =>
      fileRefs.flatMap(({ name, path }): BorrowedRef[] => {
        const from = scopes.resolve(index, name);
        if (from === undefined || from === index) return [];
        return [{ file: sources[index]!.file, path, name, from: sources[from]!.file }];
      }),
    ),
  };
}

/** Every `$ref` in a file's flags and evaluators, with its JSON Pointer in the file. */
function refsOfSource(source: CombinationSource): { name: string; path: string }[] {
  const refs: { name: string; path: string }[] = [];
  for (const [key, definition] of Object.entries(source.document.flags)) {
    if (!isObject(definition) || definition.targeting === undefined) continue;
    const flagPath = source.flagPaths?.get(key) ?? pointer('/flags', key);
    refs.push(...refsIn(definition.targeting, `${flagPath}/targeting`));
  }
  for (const [name, rule] of entriesOf(source.document.$evaluators)) {
    refs.push(...refsIn(rule, pointer('/$evaluators', name)));
  }
  return refs;
}

function entriesOf(value: unknown): [string, unknown][] {
  return isObject(value) ? Object.entries(value) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
