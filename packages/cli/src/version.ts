import { readFile } from 'node:fs/promises';

/** The CLI package's version; `../package.json` is the same relative path from `src/` and `dist/`. */
export async function cliVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
