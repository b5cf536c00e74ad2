import { extname } from 'node:path';
import { csharp } from './csharp.js';
import { go } from './go.js';
import { java } from './java.js';
import { javascript } from './javascript.js';
import type { Language } from './language.js';
import { python } from './python.js';

export type { Language } from './language.js';

export const LANGUAGES: readonly Language[] = [javascript, python, go, java, csharp];

const byExtension = new Map(LANGUAGES.flatMap((language) => language.extensions.map((e) => [e, language])));

/** The language of a file by its extension, or undefined for a file the scanner does not read. */
export function languageOf(file: string): Language | undefined {
  return byExtension.get(extname(file).toLowerCase());
}
