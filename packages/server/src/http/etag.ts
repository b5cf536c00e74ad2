import { preconditionFailed } from '../kernel/errors.js';

/** Resource ETags are the quoted version number: cheap, and exactly what `If-Match` must compare. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header demands, `undefined` when absent or `*`.
 * A header that names no version at all can never match, so it is answered 412 like a stale one.
 */
export function expectedVersion(ifMatch: string | string[] | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const text = Array.isArray(ifMatch) ? ifMatch.join(',') : ifMatch;
  if (text.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,15})"\s*$/.exec(text);
  if (!match) throw preconditionFailed(`If-Match ${JSON.stringify(text)} does not name a current version`);
  return Number(match[1]);
}

export function assertVersion(resource: string, actual: number, expected: number | undefined): void {
  if (expected !== undefined && expected !== actual) {
    throw preconditionFailed(
      `${resource} is at version ${actual}, not ${expected} (If-Match); reload it and retry`,
    );
  }
}
