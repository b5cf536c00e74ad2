import { execFile } from 'node:child_process';

/** What git says about a directory; every field is absent outside a work tree (or without git). */
export interface GitInfo {
  /** `git rev-parse HEAD`; absent in a repository without commits. */
  readonly commit?: string;
  /** `git branch --show-current`; absent on a detached HEAD, as CI checkouts often are. */
  readonly branch?: string;
  /** `remote.origin.url`. */
  readonly origin?: string;
  /** The directory's path from the top of its work tree (`services/api/`), `''` at the top. */
  readonly prefix: string;
}

const GIT_TIMEOUT_MS = 10_000;

export async function gitInfo(directory: string): Promise<GitInfo> {
  if ((await git(directory, ['rev-parse', '--is-inside-work-tree'])) !== 'true') return { prefix: '' };
  const [commit, branch, origin, prefix] = await Promise.all([
    git(directory, ['rev-parse', '--verify', '--quiet', 'HEAD']),
    git(directory, ['branch', '--show-current']),
    git(directory, ['config', '--get', 'remote.origin.url']),
    git(directory, ['rev-parse', '--show-prefix']),
  ]);
  return {
    ...(commit && { commit }),
    ...(branch && { branch }),
    ...(origin && { origin }),
    prefix: prefix ?? '',
  };
}

/** git's answer, trimmed, or undefined when it fails (no git, not a repository, no such value). */
function git(directory: string, args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-C', directory, ...args],
      { timeout: GIT_TIMEOUT_MS, windowsHide: true },
      (error, stdout) => resolve(error ? undefined : stdout.trim()),
    );
  });
}

/**
 * A repository's name from its origin URL, the same however it was cloned, and without the user
 * name or password a URL may carry: `https://ci:secret@github.com/acme/shop.git`,
 * `git@github.com:acme/shop.git` and `ssh://git@github.com/acme/shop` all name `github.com/acme/shop`.
 */
export function repositoryNameOf(origin: string): string {
  const text = origin.trim();
  let name = text;
  const scp = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/)(.+)$/.exec(text);
  if (!text.includes('://') && scp) {
    name = `${scp[1]}/${scp[2]}`;
  } else {
    try {
      const url = new URL(text);
      name = `${url.hostname}${decodeURIComponent(url.pathname)}`;
    } catch {
      // A local path: kept as it is.
    }
  }
  return name.replace(/\/+$/, '').replace(/\.git$/, '');
}
