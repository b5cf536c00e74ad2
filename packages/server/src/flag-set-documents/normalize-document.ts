import { type FlagDefinition, type FlagSetDocument, flagMapOf } from '@switchyard/core';
import type { Issue } from '../kernel/errors.js';

export interface IncomingDocument {
  $schema?: string;
  flags: Record<string, unknown> | unknown[];
  $evaluators?: Record<string, unknown>;
  metadata?: Record<string, string | number | boolean>;
}

/**
 * flagd accepts `flags` as a map or (daemon format) as an array of `{ key, … }`; both become the
 * map form. `$schema` is dropped: it describes the file, not the flag set.
 */
export function normalizeDocument(
  incoming: IncomingDocument,
  root: string,
): {
  document: FlagSetDocument;
  issues: Issue[];
} {
  const { flags, problems } = flagMapOf(incoming as unknown as Record<string, unknown>);
  const issues: Issue[] = problems.map((p) => ({ path: `${root}${p.path}`, message: p.message }));
  const document: FlagSetDocument = { flags: flags as Record<string, FlagDefinition> };
  if (incoming.$evaluators !== undefined)
    document.$evaluators = incoming.$evaluators as FlagSetDocument['$evaluators'];
  if (incoming.metadata !== undefined) document.metadata = incoming.metadata;
  return { document, issues };
}
