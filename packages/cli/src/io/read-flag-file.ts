import { extname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { FileProblem } from './file-problem.js';
import { locateJsonSyntaxError } from './json-scanner.js';
import { readTextFile } from './read-text-file.js';
import { positionAt } from './text-position.js';

export type FlagFileFormat = 'json' | 'yaml';

/** A flag file's parsed document (not yet validated as a flag set), or why there is none. */
export type FlagFileResult =
  | {
      readonly ok: true;
      readonly file: string;
      readonly format: FlagFileFormat;
      readonly document: unknown;
      /** The source text, for checks that need positions (e.g. repeated keys). */
      readonly text: string;
    }
  | { readonly ok: false; readonly file: string; readonly problems: readonly FileProblem[] };

/** flagd reads YAML by extension; everything else is JSON. */
export function flagFileFormat(file: string): FlagFileFormat {
  const extension = extname(file).toLowerCase();
  return extension === '.yaml' || extension === '.yml' ? 'yaml' : 'json';
}

/** Reads and parses a flag file (JSON, or YAML by extension); `file` is resolved against `cwd`. */
export async function readFlagFile(file: string, cwd: string): Promise<FlagFileResult> {
  const read = await readTextFile(file, cwd);
  if (!read.ok) return { ok: false, file, problems: [{ file, kind: 'read', message: read.reason }] };
  return parseFlagFileText(file, read.text, flagFileFormat(file));
}

/** Parses flag-file text; syntax errors carry the line and column where parsing failed. */
export function parseFlagFileText(file: string, text: string, format: FlagFileFormat): FlagFileResult {
  return format === 'yaml' ? parseYaml(file, text) : parseJson(file, text);
}

function parseJson(file: string, text: string): FlagFileResult {
  try {
    return { ok: true, file, format: 'json', document: JSON.parse(text), text };
  } catch (error) {
    return { ok: false, file, problems: [jsonSyntaxProblem(file, text, error)] };
  }
}

/** Builds the problem for text that `JSON.parse` rejected. */
export function jsonSyntaxProblem(file: string, text: string, error: unknown): FileProblem {
  const location = locateJsonSyntaxError(text);
  if (!location) {
    const reason = error instanceof Error ? error.message : String(error);
    return { file, kind: 'syntax', message: `invalid JSON: ${reason}` };
  }
  return {
    file,
    kind: 'syntax',
    message: `invalid JSON: ${location.message}`,
    ...positionAt(text, location.offset),
  };
}

function parseYaml(file: string, text: string): FlagFileResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): FileProblem => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, kind: 'syntax', message: `invalid YAML: ${error.message}`, line, column: col };
    });
    return { ok: false, file, problems };
  }
  try {
    return { ok: true, file, format: 'yaml', document: document.toJS(), text };
  } catch (error) {
    // e.g. alias expansion beyond the library's resource-exhaustion limit.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, file, problems: [{ file, kind: 'syntax', message: `invalid YAML: ${reason}` }] };
  }
}
