import type { FlagDefinition, FlagSetDocument } from '@switchyard/core';
import type { Issue } from '../http/errors.js';

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
export function normalizeDocument(incoming: IncomingDocument): {
  document: FlagSetDocument;
  issues: Issue[];
} {
  const issues: Issue[] = [];
  let flags: Record<string, unknown> = {};
  if (Array.isArray(incoming.flags)) {
    incoming.flags.forEach((entry, index) => {
      const key = (entry as { key?: unknown } | null)?.key;
      if (typeof key !== 'string' || key === '') {
        issues.push({ path: `/body/flags/${index}/key`, message: 'is required (a non-empty string)' });
      } else if (Object.hasOwn(flags, key)) {
        issues.push({ path: `/body/flags/${index}/key`, message: `duplicate flag key "${key}"` });
      } else {
        const { key: _key, ...definition } = entry as Record<string, unknown>;
        flags[key] = definition;
      }
    });
  } else {
    flags = incoming.flags;
  }
  const document: FlagSetDocument = { flags: flags as Record<string, FlagDefinition> };
  if (incoming.$evaluators !== undefined)
    document.$evaluators = incoming.$evaluators as FlagSetDocument['$evaluators'];
  if (incoming.metadata !== undefined) document.metadata = incoming.metadata;
  return { document, issues };
}
