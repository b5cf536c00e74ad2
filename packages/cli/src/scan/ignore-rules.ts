import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The rules of one `.gitignore` (or of `--exclude`), and where the paths they match start. */
export interface RuleSet {
  readonly rules: Ignore;
  /** The rules' directory relative to the scanned one (`sub/dir/`, or `''` for the scanned one). */
  readonly within: string;
  /** For rules of a directory above the scanned one: the scanned directory's path from there. */
  readonly above: string;
}

/** Rule sets, outermost first; a deeper `.gitignore` wins over the ones above it, as in git. */
export type IgnoreRules = readonly RuleSet[];

/** Whether git would leave out `path` (relative to the scanned directory, POSIX; dirs end with `/`). */
export function isIgnored(rules: IgnoreRules, path: string): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const set = rules[i]!;
    const result = set.rules.test(set.above + path.slice(set.within.length));
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}

/** The rules of `.gitignore` in `directory` (relative path `within`), or undefined when it has none. */
export async function readGitignore(directory: string, within: string): Promise<RuleSet | undefined> {
  const text = await readOptional(join(directory, '.gitignore'));
  return text === undefined ? undefined : { rules: ignore().add(text), within, above: '' };
}

/**
 * The rules that apply to `root` from above it, when it is inside a git work tree: the `.gitignore`
 * of every directory from the work tree's top down to `root`'s parent, and `.git/info/exclude`.
 */
export async function rulesAbove(root: string): Promise<RuleSet[]> {
  const top = await workTreeTop(root);
  if (top === undefined) return [];
  const sets: RuleSet[] = [];
  const exclude = await readOptional(join(top, '.git', 'info', 'exclude'));
  if (exclude !== undefined) sets.push(ruleSetAbove(ignore().add(exclude), top, root));
  for (let directory = top; directory !== root; ) {
    const text = await readOptional(join(directory, '.gitignore'));
    if (text !== undefined) sets.push(ruleSetAbove(ignore().add(text), directory, root));
    const next = relative(directory, root).split(sep)[0]!;
    directory = join(directory, next);
  }
  return sets;
}

function ruleSetAbove(rules: Ignore, directory: string, root: string): RuleSet {
  const path = relative(directory, root).split(sep).join('/');
  return { rules, within: '', above: path === '' ? '' : `${path}/` };
}

/** The nearest directory at or above `root` holding `.git` (a directory, or a file in a worktree). */
async function workTreeTop(root: string): Promise<string | undefined> {
  for (let directory = root; ; directory = dirname(directory)) {
    if (await exists(join(directory, '.git'))) return directory;
    if (dirname(directory) === directory) return undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
