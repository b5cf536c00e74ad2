import { FlagSet } from '@switchyard/core';
import type { EnvironmentDocument } from '../environments/load-environment-documents.js';
import type { Issue } from '../http/errors.js';
import { unknownReferenceIssues } from './segment-references.js';

/**
 * Strict validation of every changed environment document. Issue paths stay JSON Pointers into
 * the flag-set document; the message names the environment, since one write can touch several.
 */
export function validateDocuments(changed: readonly EnvironmentDocument[]): Issue[] {
  return changed.flatMap(({ environment, document }) => {
    const coreIssues = FlagSet.validate(document);
    // Our reference check only adds what the core validation did not already report for that targeting.
    const extra = unknownReferenceIssues(document).filter(
      (ref) => !coreIssues.some((issue) => issue.path.startsWith(ref.path)),
    );
    const issues = [...coreIssues, ...extra];
    return dedupe(issues).map((issue) => ({
      path: issue.path,
      message: `${issue.message} (in the flag set of environment "${environment.key}")`,
    }));
  });
}

function dedupe(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const id = `${i.path}\u0000${i.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
