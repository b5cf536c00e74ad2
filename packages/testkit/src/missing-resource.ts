/**
 * Tests that need something outside the repo (the peers folder, PostgreSQL, Chromium) skip with a visible
 * message on a developer machine, but must fail under CI so a broken runner cannot pass by skipping.
 */

/** Thrown under `CI=true` when a required external resource is absent. */
export class MissingResourceError extends Error {
  readonly code = 'MISSING_TEST_RESOURCE';
  override readonly name = 'MissingResourceError';
}

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.CI?.trim().toLowerCase();
  return value === 'true' || value === '1';
}

const announced = new Set<string>();

/**
 * Reports a missing resource: throws under CI, otherwise prints one `[skip]` line per distinct problem and
 * returns null, so callers can write `describe.skipIf(found === null)`.
 *
 * @param problem what is missing and where, e.g. "flagd-testbed not found at /x"
 * @param purpose what depends on it, e.g. "flagd conformance suites"
 */
export function handleMissingResource(
  problem: string,
  purpose: string,
  env: NodeJS.ProcessEnv = process.env,
): null {
  if (isCi(env)) {
    throw new MissingResourceError(`${problem}: required by ${purpose} when CI=true`);
  }
  const message = `[skip] ${problem}: ${purpose} skipped`;
  if (!announced.has(message)) {
    announced.add(message);
    console.warn(message);
  }
  return null;
}
