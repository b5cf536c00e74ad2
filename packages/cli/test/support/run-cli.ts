import { main } from '../../src/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `main` in-process with captured output, as the bin would with `argv` (and only `env` set). */
export async function runCli(
  argv: readonly string[],
  cwd: string = process.cwd(),
  env: Readonly<Record<string, string>> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
    env,
  });
  return { code, stdout, stderr };
}

/** Parses JSON Lines output, failing loudly on a malformed line. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
