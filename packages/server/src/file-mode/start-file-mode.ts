import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import {
  combinationWarnings,
  type FileProblem,
  formatFileProblem,
  type LoadFlagFilesResult,
  loadFlagFiles,
  unknownFieldWarnings,
} from '@switchyard/flag-files';
import type { EnvironmentRef, FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import { OPEN_ACCESS_ENVIRONMENT_ID } from '../sdk/access/sdk-access.js';
import { FlagFileError } from './flag-file-error.js';

/** The single environment file mode serves; its SDK endpoints are open (no keys). */
export const FILE_MODE_ENVIRONMENT: EnvironmentRef = {
  environmentId: OPEN_ACCESS_ENVIRONMENT_ID,
  projectKey: 'file',
  environmentKey: 'file',
};

export interface FileModeLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface FileModeOptions {
  /** Editors write a file in several steps; wait this long after the last event before reloading. */
  debounceMs?: number;
  now?: () => number;
}

/**
 * Serves flag sets from files: loads them (refusing to start if they cannot be read), publishes
 * the one document that combines them as flagd combines sources (`loadFlagFiles`, the rule
 * `switchyard eval` and `validate` apply too), and reloads on change. A reload that fails keeps the
 * last good flag set and logs why; what loads but looks wrong (a misspelt property, a key repeated in
 * a JSON object, a `$ref` only another file defines) is logged as a warning. Versions are millisecond timestamps (at least previous + 1), so a client that
 * resumes a stream after a restart never mistakes new content for what it already has.
 */
export async function loadFileMode(
  files: string[],
  registry: FlagSetRegistry,
  log: FileModeLogger,
  options: FileModeOptions = {},
): Promise<{ close(): Promise<void> }> {
  if (files.length === 0) throw new RangeError('file mode needs at least one flag file');
  const paths = files.map((file) => resolve(file));
  const now = options.now ?? Date.now;
  let version = 0;

  const load = async (): Promise<void> => {
    const loaded = await loadFlagFiles(paths);
    if (!loaded.ok) throw new FlagFileError(loaded.problems);
    const next = Math.max(version + 1, now());
    const change = registry.publish(FILE_MODE_ENVIRONMENT, loaded.combined.document, next);
    version = change.version;
    for (const warning of warningsOf(loaded)) log.warn({ files: paths }, formatFileProblem(warning));
    const { renamedEvaluators } = loaded.combined;
    log.info(
      {
        version,
        files: paths,
        changedFlags: change.changedFlagKeys.length,
        ...(renamedEvaluators.length > 0 && { renamedEvaluators }),
      },
      change.previousVersion === 0 ? 'flag files loaded' : 'flag files reloaded',
    );
  };
  await load();

  let timer: NodeJS.Timeout | undefined;
  let reloading: Promise<void> = Promise.resolve();
  const scheduleReload = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      reloading = reloading.then(() =>
        load().catch((error: unknown) => {
          log.error(
            { err: error, files: paths, version },
            'flag files could not be reloaded; still serving the last good flag set',
          );
        }),
      );
    }, options.debounceMs ?? 100);
  };

  // Watch directories, not files: editors and `mv` replace the file, which ends a file watch.
  const watched = new Map<string, Set<string>>();
  for (const path of paths) {
    const names = watched.get(dirname(path)) ?? new Set<string>();
    names.add(basename(path));
    watched.set(dirname(path), names);
  }
  const watchers: FSWatcher[] = [];
  for (const [directory, names] of watched) {
    const watcher = watch(directory, (_event, filename) => {
      if (filename === null || names.has(filename.toString())) scheduleReload();
    });
    watcher.on('error', (error) => log.error({ err: error, directory }, 'watching flag files failed'));
    watchers.push(watcher);
  }

  return {
    async close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await reloading;
    },
  };
}

function warningsOf(loaded: LoadFlagFilesResult & { ok: true }): FileProblem[] {
  return [
    ...loaded.files.flatMap((file) => [
      ...file.duplicateKeys.map((problem): FileProblem => ({ ...problem, severity: 'warning' })),
      ...unknownFieldWarnings(file.file, file.value),
    ]),
    ...combinationWarnings(loaded.combined),
  ];
}
