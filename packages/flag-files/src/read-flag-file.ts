import { extname } from 'node:path';
import type { FlagSetDocument } from '@switchyard/core';
import { LineCounter, parseDocument } from 'yaml';
import type { FileProblem } from './file-problem.js';
import { flagSetDocumentOf } from './flag-set-document.js';
import { findDuplicateJsonKeys, locateJsonSyntaxError } from './json-scanner.js';
import { readTextFile } from './read-text-file.js';
import { positionAt } from './text-position.js';

export type FlagFileFormat = 'json' | 'yaml';

/** A flag file whose text parses, before its shape is checked. */
export interface ParsedFlagFile {
  /** The file as the caller named it. */
  readonly file: string;
  readonly format: FlagFileFormat;
  /** The source text, without a byte-order mark. */
  readonly text: string;
  /** The parsed value as written (`flags` may still be the daemon's array form). */
  readonly value: unknown;
  /**
   * Keys repeated within one JSON object, each with its position and that of the first occurrence:
   * `JSON.parse` (and flagd) silently keep the last. YAML refuses repeated keys as a syntax error.
   */
  readonly duplicateKeys: readonly FileProblem[];
}

/** A flag file that parses and has the outer shape of a flag set. */
export interface FlagFile extends ParsedFlagFile {
  /** The flag set with `flags` in map form; everything else as written. */
  readonly document: FlagSetDocument;
  /** Where each flag is in the file: `/flags/KEY`, or `/flags/INDEX` in the array form. */
  readonly flagPaths: ReadonlyMap<string, string>;
}

/** Why a file cannot be used; `parsed` is there when only the outer shape is wrong. */
export interface FlagFileFailure {
  readonly ok: false;
  readonly file: string;
  readonly problems: readonly FileProblem[];
  readonly parsed?: ParsedFlagFile;
}

export type ParsedFlagFileResult = ({ readonly ok: true } & ParsedFlagFile) | FlagFileFailure;
export type FlagFileResult = ({ readonly ok: true } & FlagFile) | FlagFileFailure;

/** flagd reads YAML by extension (`.yaml`, `.yml`, any case); everything else is JSON. */
export function flagFileFormat(file: string): FlagFileFormat {
  const extension = extname(file).toLowerCase();
  return extension === '.yaml' || extension === '.yml' ? 'yaml' : 'json';
}

/**
 * Reads a flag file (`file` resolved against `cwd`), parses it as JSON or, by extension, YAML, and
 * checks that it holds a flag set, whose `flags` it returns in map form. Every problem names the file
 * as given; syntax errors carry their line and column.
 */
export async function readFlagFile(file: string, cwd: string = process.cwd()): Promise<FlagFileResult> {
  const read = await readTextFile(file, cwd);
  if (!read.ok) return { ok: false, file, problems: [{ file, kind: 'read', message: read.reason }] };
  return flagFileOf(parseFlagFileText(file, read.text, flagFileFormat(file)));
}

/** The shape check of `readFlagFile`, for text that was parsed already. */
export function flagFileOf(parsed: ParsedFlagFileResult): FlagFileResult {
  if (!parsed.ok) return parsed;
  const { ok: _ok, ...file } = parsed;
  const shaped = flagSetDocumentOf(file.file, file.value);
  if (!shaped.ok) return { ok: false, file: file.file, problems: shaped.problems, parsed: file };
  return { ok: true, ...file, document: shaped.document, flagPaths: shaped.flagPaths };
}

/** Parses flag-file text; syntax errors carry the line and column where parsing failed. */
export function parseFlagFileText(file: string, text: string, format: FlagFileFormat): ParsedFlagFileResult {
  return format === 'yaml' ? parseYaml(file, text) : parseJson(file, text);
}

function parseJson(file: string, text: string): ParsedFlagFileResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, file, problems: [jsonSyntaxProblem(file, text, error)] };
  }
  return { ok: true, file, format: 'json', text, value, duplicateKeys: duplicateKeyProblems(file, text) };
}

/** Builds the problem for text that `JSON.parse` rejected. */
function jsonSyntaxProblem(file: string, text: string, error: unknown): FileProblem {
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

function duplicateKeyProblems(file: string, text: string): FileProblem[] {
  return findDuplicateJsonKeys(text).map(({ key, offset, firstOffset }): FileProblem => {
    const first = positionAt(text, firstOffset);
    return {
      file,
      kind: 'duplicate-key',
      message: `duplicate key ${JSON.stringify(key)} replaces the one at line ${first.line}, column ${first.column}`,
      ...positionAt(text, offset),
    };
  });
}

function parseYaml(file: string, text: string): ParsedFlagFileResult {
  const lineCounter = new LineCounter();
  // logLevel 'error': the library would otherwise print its warnings (e.g. a key that is a list) to stderr.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, logLevel: 'error' });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): FileProblem => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, kind: 'syntax', message: `invalid YAML: ${error.message}`, line, column: col };
    });
    return { ok: false, file, problems };
  }
  try {
    return { ok: true, file, format: 'yaml', text, value: document.toJS(), duplicateKeys: [] };
  } catch (error) {
    // e.g. alias expansion beyond the library's resource-exhaustion limit.
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, file, problems: [{ file, kind: 'syntax', message: `invalid YAML: ${reason}` }] };
  }
}
