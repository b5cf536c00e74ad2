import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { FlagSetDocument } from '@switchyard/core';
import { parse as parseYaml } from 'yaml';

/** A flag file that cannot be read or is not a flag-set document at all (stable code for callers). */
export class FlagFileError extends Error {
  readonly code = 'FLAG_FILE_INVALID';
  readonly file: string;

  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'FlagFileError';
    this.file = file;
  }
}

/**
 * Reads one flagd flag file (JSON, or YAML for `.yaml`/`.yml`). Only the outer shape is checked
 * here; individual flags are judged by the lenient parser, which turns a broken flag into
 * PARSE_ERROR answers instead of refusing the file. The daemon's array form of `flags` is
 * turned into the map form.
 */
export async function readFlagFile(file: string): Promise<FlagSetDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FlagFileError(
      file,
      `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const isYaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  let parsed: unknown;
  try {
    parsed = isYaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new FlagFileError(file, `not valid ${isYaml ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  return toDocument(file, parsed);
}

function toDocument(file: string, parsed: unknown): FlagSetDocument {
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new FlagFileError(file, 'must contain an object with a "flags" member');
  }
  const { flags, ...rest } = parsed as Record<string, unknown>;
  if (flags === undefined) throw new FlagFileError(file, '"flags" is missing');
  if (Array.isArray(flags)) return { ...rest, flags: flagArrayToMap(file, flags) } as FlagSetDocument;
  if (flags === null || typeof flags !== 'object') {
    throw new FlagFileError(file, '"flags" must be an object (or an array of flags with "key")');
  }
  return parsed as FlagSetDocument;
}

function flagArrayToMap(file: string, flags: unknown[]): FlagSetDocument['flags'] {
  const map: Record<string, unknown> = {};
  flags.forEach((entry, index) => {
    const key = (entry as { key?: unknown } | null)?.key;
    if (typeof key !== 'string' || key === '') {
      throw new FlagFileError(file, `/flags/${index}/key must be a non-empty string`);
    }
    const { key: _key, ...definition } = entry as Record<string, unknown>;
    map[key] = definition;
  });
  return map as FlagSetDocument['flags'];
}
