import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

/** Reading a file either yields its text or a one-line reason it could not be read. */
export type TextFileResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** Reads a UTF-8 file relative to `cwd`, turning file-system errors into messages a user can act on. */
export async function readTextFile(file: string, cwd: string): Promise<TextFileResult> {
  try {
    const text = await readFile(resolve(cwd, file), 'utf8');
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (error) {
    return { ok: false, reason: describeReadError(error) };
  }
}

/** A one-line, actionable reason for a file-system error (ENOENT → "file not found"). */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot read file: ${error instanceof Error ? error.message : String(error)}`;
  }
}
