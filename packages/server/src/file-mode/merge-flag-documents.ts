import type { FlagSetDocument } from '@switchyard/core';

/**
 * Merges flag files in order: a later file's flag, evaluator or metadata entry replaces an
 * earlier one with the same key (flagd's "last source wins").
 */
export function mergeFlagDocuments(documents: readonly FlagSetDocument[]): FlagSetDocument {
  const flags: FlagSetDocument['flags'] = {};
  let evaluators: NonNullable<FlagSetDocument['$evaluators']> | undefined;
  let metadata: NonNullable<FlagSetDocument['metadata']> | undefined;
  for (const document of documents) {
    Object.assign(flags, document.flags);
    if (document.$evaluators) evaluators = { ...evaluators, ...document.$evaluators };
    if (document.metadata) metadata = { ...metadata, ...document.metadata };
  }
  const merged: FlagSetDocument = { flags };
  if (evaluators) merged.$evaluators = evaluators;
  if (metadata) merged.metadata = metadata;
  return merged;
}
