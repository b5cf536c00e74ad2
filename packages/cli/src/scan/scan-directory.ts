import { open } from 'node:fs/promises';
import { forEachBounded } from './bounded.js';
import { type FoundKey, findKeys } from './find-references.js';
import { listSourceFiles, type SourceFile } from './walk-files.js';

export interface DirectoryScanOptions {
  /** Flag keys a string literal is matched against (besides the OpenFeature calls). */
  readonly knownKeys: ReadonlySet<string>;
  /** `.gitignore`-syntax patterns, relative to the scanned directory. */
  readonly exclude: readonly string[];
  /** Larger files are skipped (generated bundles, data). */
  readonly maxFileBytes: number;
  /** Called as files are found, before any is read. */
  readonly onFound?: (files: number) => void;
  /** Called as files are read: `done` of `total`. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A key found in a file of the scanned directory (`file` relative to it, POSIX). */
export interface FileKey extends FoundKey {
  readonly file: string;
}

export interface DirectoryScan {
  readonly found: FileKey[];
  /** Files read. */
  readonly scanned: number;
  readonly skipped: { readonly binary: number; readonly large: number; readonly unreadable: number };
}

/** Files read at once: enough to keep the disk busy, few enough to stay well under open-file limits. */
const READ_CONCURRENCY = 32;
/** git's test for a binary file: a NUL byte in the first 8000 bytes. */
const BINARY_PROBE_BYTES = 8000;

/** Finds flag keys in every source file under `root` that git does not ignore. */
export async function scanDirectory(root: string, options: DirectoryScanOptions): Promise<DirectoryScan> {
  const walk = await listSourceFiles(root, {
    exclude: options.exclude,
    concurrency: 16,
    ...(options.onFound && { onFound: options.onFound }),
  });
  const files = walk.files;
  const found: FileKey[] = [];
  const skipped = { binary: 0, large: 0, unreadable: walk.unreadable.length };
  let done = 0;
  let scanned = 0;
  options.onProgress?.(0, files.length);
  await forEachBounded([...files], READ_CONCURRENCY, async (file) => {
    const text = await readSource(file, options.maxFileBytes);
    if (typeof text === 'string') {
      scanned++;
      for (const key of findKeys(text, file.language, options.knownKeys))
        found.push({ ...key, file: file.relative });
    } else {
      skipped[text.skipped]++;
    }
    options.onProgress?.(++done, files.length);
  });
  return { found, scanned, skipped };
}

async function readSource(
  file: SourceFile,
  maxBytes: number,
): Promise<string | { skipped: 'binary' | 'large' | 'unreadable' }> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file.path, 'r');
    const { size } = await handle.stat();
    if (size > maxBytes) return { skipped: 'large' };
    const buffer = await handle.readFile();
    if (buffer.subarray(0, BINARY_PROBE_BYTES).includes(0)) return { skipped: 'binary' };
    const text = buffer.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return { skipped: 'unreadable' };
  } finally {
    await handle?.close();
  }
}
