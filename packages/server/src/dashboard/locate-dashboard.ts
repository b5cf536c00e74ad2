import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const dashboardPackage = '@switchyard/dashboard';

/**
 * The folder holding the built dashboard: `override` when given (the `dashboardDir` option), else
 * the `dist/` folder of the `@switchyard/dashboard` package as Node would resolve it from here
 * (the workspace in development, node_modules when installed). Whether it holds a build is the
 * caller's question: a missing package gives the folder where it would be.
 */
export function locateDashboard(override: string | undefined, from: string = import.meta.url): string {
  if (override !== undefined) return resolve(override);
  const require = createRequire(from);
  // The package's package.json, looked up folder by folder: its `exports` may not list it.
  for (const base of require.resolve.paths(dashboardPackage) ?? []) {
    const manifest = join(base, dashboardPackage, 'package.json');
    if (existsSync(manifest)) return join(dirname(manifest), 'dist');
  }
  // Not installed: where the workspace would have it (packages/server/dist/dashboard → packages/dashboard).
  return fileURLToPath(new URL('../../../dashboard/dist', from));
}

export function isBuilt(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}
