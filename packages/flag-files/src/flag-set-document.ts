import { type FlagSetDocument, flagMapOf, pointer } from '@switchyard/core';
import type { FileProblem } from './file-problem.js';
import { MAX_FLAG_FILE_DEPTH, tooDeepAt } from './nesting-depth.js';

/** A parsed file's flag set in map form, or why its outer shape is not a flag set. */
export type FlagSetDocumentResult =
  | {
      readonly ok: true;
      readonly document: FlagSetDocument;
      /** Where each flag is in the file: `/flags/KEY`, or `/flags/INDEX` in the array form. */
      readonly flagPaths: ReadonlyMap<string, string>;
    }
  | { readonly ok: false; readonly problems: readonly FileProblem[] };

/**
 * Checks the outer shape of a parsed flag file and turns the daemon's array form of `flags` into the
 * map form every other part of Switchyard uses; the other members (`$evaluators`, `metadata`, …) are
 * kept as written.
 *
 * The conversion is core's (`flagMapOf`), the one the parser and the admin import use, so a key
 * repeated in the array form is refused everywhere. That is flagd's rule: its duplicate-flag-keys ADR
 * (`flagd:docs/architecture-decisions/duplicate-flag-keys.md`) declares a config invalid when two
 * entries of the array share their composite key (flag key, flag set id). flagd keeps two entries
 * with the same key but different `metadata.flagSetId` as flags of different flag sets, picked by a
 * selector; a Switchyard file holds one flag set, so those are refused too rather than one of them
 * being dropped in silence.
 */
export function flagSetDocumentOf(file: string, value: unknown): FlagSetDocumentResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const message = `a flag set must be a JSON object with a "flags" member, got ${describeJsonType(value)}`;
    return { ok: false, problems: [{ file, kind: 'shape', path: '', message }] };
  }
  const deepAt = tooDeepAt(value);
  if (deepAt !== undefined) {
    const message = `is nested more than ${MAX_FLAG_FILE_DEPTH} levels deep, more than a flag set needs (and than JSON writers can follow)`;
    return { ok: false, problems: [{ file, kind: 'shape', path: deepAt, message }] };
  }
  const record = value as Record<string, unknown>;
  const { flags, problems } = flagMapOf(record);
  if (problems.length > 0) {
    return {
      ok: false,
      problems: problems.map((problem): FileProblem => ({ file, kind: 'shape', ...problem })),
    };
  }
  // The map form is kept as parsed: core's copy assigns keys, which would turn a flag named
  // "__proto__" into a prototype. (The array form has the same problem in core's conversion.)
  const map = Array.isArray(record.flags) ? flags : record.flags;
  const document = { ...record, flags: map } as unknown as FlagSetDocument;
  return { ok: true, document, flagPaths: flagPathsOf(record.flags) };
}

function flagPathsOf(flags: unknown): Map<string, string> {
  const paths = new Map<string, string>();
  if (Array.isArray(flags)) {
    flags.forEach((flag, index) => {
      paths.set((flag as { key: string }).key, pointer('/flags', index));
    });
  } else {
    for (const key of Object.keys(flags as object)) paths.set(key, pointer('/flags', key));
  }
  return paths;
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
