import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const dashboardRoot = fileURLToPath(new URL('../../', import.meta.url));
export const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

/** The built dashboard (`npm run build` makes it); built here when a test runs before any build. */
export function ensureDashboardBuilt(): string {
  if (!existsSync(`${distDir}index.html`)) {
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: dashboardRoot, stdio: 'inherit' });
  }
  return distDir;
}
