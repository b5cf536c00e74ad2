import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describeReadError } from '@switchyard/flag-files';
import { CliInputError } from '../errors.js';

/** One non-blank line of a JSON Lines file, with its 1-based line number for error messages. */
export interface NumberedLine {
  readonly lineNumber: number;
  readonly text: string;
}

/**
 * Streams the non-blank lines of a JSON Lines file (relative to `cwd`) so large context files
 * are evaluated without being held in memory. Throws `CliInputError` when the file cannot be opened.
 */
export async function* readJsonLines(file: string, cwd: string): AsyncGenerator<NumberedLine> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(resolve(cwd, file), 'r');
  } catch (error) {
    throw new CliInputError(`${file}: ${describeReadError(error)}`);
  }
  try {
    let lineNumber = 0;
    for await (const line of handle.readLines({ encoding: 'utf8' })) {
      lineNumber++;
      const text = lineNumber === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
      if (text.trim() !== '') yield { lineNumber, text };
    }
  } catch (error) {
    // e.g. EISDIR only surfaces on the first read.
    throw new CliInputError(`${file}: ${describeReadError(error)}`);
  } finally {
    await handle.close();
  }
}
