import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { handleMissingResource } from './missing-resource.js';

/** `packages/testkit/src` → repository root. */
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** Where third-party specs and test suites live: `SWITCHYARD_PEERS_DIR`, else `<repo>/../shared/peers`. */
export function peersDir(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.SWITCHYARD_PEERS_DIR?.trim();
  return override ? resolve(override) : resolve(repoRoot, '../shared/peers');
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * Absolute path of `subdir` inside the peers folder, or null when it is missing (after one visible
 * `[skip]` message). Under `CI=true` a missing folder throws instead of skipping.
 *
 * @param purpose what gets skipped, e.g. "flagd conformance suites"
 */
export function locatePeer(
  subdir: string,
  purpose: string,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const path = join(peersDir(env), subdir);
  if (isDirectory(path)) return path;
  return handleMissingResource(
    `${subdir} not found at ${path} (set SWITCHYARD_PEERS_DIR to the peers folder)`,
    purpose,
    env,
  );
}

/** The flagd testbed (`<peers>/flagd-testbed`), or null when absent (see `locatePeer`). */
export function locateFlagdTestbed(env: NodeJS.ProcessEnv = process.env): string | null {
  return locatePeer('flagd-testbed', 'flagd conformance suites', env);
}
