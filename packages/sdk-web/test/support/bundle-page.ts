import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packageDir = fileURLToPath(new URL('../../', import.meta.url));
const tsc = fileURLToPath(new URL('../../../../node_modules/typescript/bin/tsc', import.meta.url));

/**
 * Builds `@switchyard/sdk-web` and bundles the page entry for the browser. The bundle takes the
 * package through its published `exports` (dist), as an application's bundler would; the
 * browser platform makes any Node built-in in the graph a build error.
 */
export async function bundlePage(entry: string): Promise<string> {
  execFileSync(process.execPath, [tsc, '-b', packageDir]);
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`../page/${entry}`, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}
