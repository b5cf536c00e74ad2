import { FlagSet, type FlagSetDocument } from '@switchyard/core';
import type { Issue } from '../kernel/errors.js';
import { unknownReferenceIssues } from './segment-references.js';

export interface EnvironmentDocument {
  environment: { id: string; key: string; version: number };
  document: FlagSetDocument;
}

/**
 * Strict validation of every changed environment document. Issue paths stay JSON Pointers into
 * the flag-set document; the message names the environments, since one write can touch several
 * (a problem found in several environments is reported once, naming them all).
 */
export function validateDocuments(changed: readonly EnvironmentDocument[]): Issue[] {
  const found = new Map<string, { issue: Issue; environments: string[] }>();
  for (const { environment, document } of changed) {
    const coreIssues = FlagSet.validate(document);
    // Our reference check only adds what the core validation did not already report for that targeting.
    const extra = unknownReferenceIssues(document).filter(
      (ref) => !coreIssues.some((issue) => issue.path.startsWith(ref.path)),
    );
    for (const issue of [...coreIssues, ...extra]) {
      const id = `${issue.path}\u0000${issue.message}`;
      const entry = found.get(id) ?? { issue, environments: [] as string[] };
      if (!entry.environments.includes(environment.key)) entry.environments.push(environment.key);
      found.set(id, entry);
    }
  }
  return [...found.values()].map(({ issue, environments }) => ({
    path: issue.path,
    message: `${issue.message} (in the flag set of ${environments.length === 1 ? 'environment' : 'environments'} ${environments.map((e) => `"${e}"`).join(', ')})`,
  }));
}
