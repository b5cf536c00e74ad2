import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { forEachBounded } from './bounded.js';
import { type IgnoreRules, isIgnored, readGitignore, rulesAbove } from './ignore-rules.js';
import { type Language, languageOf } from './languages/index.js';

/** A file the scanner reads. */
export interface SourceFile {
  readonly path: string;
  /** From the scanned directory, with `/` separators. */
  readonly relative: string;
  readonly language: Language;
}

export interface WalkResult {
  readonly files: SourceFile[];
  /** Directories below the scanned one that could not be read (permissions), relative to it. */
  readonly unreadable: string[];
}

export interface WalkOptions {
  /** Patterns in `.gitignore` syntax, relative to the scanned directory. */
  readonly exclude: readonly string[];
  /** Directory reads at once. */
  readonly concurrency: number;
  /** Called after each directory with the number of files found so far. */
  readonly onFound?: (files: number) => void;
}

/** Never scanned, whatever the ignore files say: other repositories' metadata and installed packages. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

interface PendingDirectory {
  readonly path: string;
  /** `''` for the scanned directory, else `sub/dir/`. */
  readonly relative: string;
  readonly rules: IgnoreRules;
  readonly excluded: Ignore;
}

/**
 * Every file under `root` in a language the scanner reads, in no particular order, leaving out what
 * git ignores (nested `.gitignore` files, those above `root` in its work tree, `.git/info/exclude`),
 * `node_modules` and `.git`. Symbolic links are not followed, as git does not follow them.
 */
export async function listSourceFiles(root: string, options: WalkOptions): Promise<WalkResult> {
  const base = await rulesAbove(root);
  // --exclude wins over every .gitignore, negations included: it is the person's last word.
  const excluded = ignore().add([...options.exclude]);
  const files: SourceFile[] = [];
  const unreadable: string[] = [];
  const queue: PendingDirectory[] = [{ path: root, relative: '', rules: base, excluded }];
  await forEachBounded(queue, options.concurrency, async (directory) => {
    let entries: Dirent[];
    try {
      entries = await readdir(directory.path, { withFileTypes: true });
    } catch (error) {
      // The scanned directory itself must be readable; below it, one unreadable directory is reported.
      if (directory.relative === '') throw error;
      unreadable.push(directory.relative);
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore' && e.isFile())
      ? await readGitignore(directory.path, directory.relative)
      : undefined;
    const rules = own ? [...directory.rules, own] : directory.rules;
    for (const entry of entries) visit(entry, directory, rules, queue, files);
    options.onFound?.(files.length);
  });
  return { files, unreadable };
}

function visit(
  entry: Dirent,
  directory: PendingDirectory,
  rules: IgnoreRules,
  queue: PendingDirectory[],
  files: SourceFile[],
): void {
  const relative = directory.relative + entry.name;
  if (entry.isDirectory()) {
    const path = `${relative}/`;
    if (ALWAYS_SKIPPED.has(entry.name) || directory.excluded.ignores(path) || isIgnored(rules, path)) return;
    queue.push({
      path: join(directory.path, entry.name),
      relative: path,
      rules,
      excluded: directory.excluded,
    });
    return;
  }
  if (!entry.isFile()) return;
  const language = languageOf(entry.name);
  if (language === undefined || directory.excluded.ignores(relative) || isIgnored(rules, relative)) return;
  files.push({ path: join(directory.path, entry.name), relative, language });
}
