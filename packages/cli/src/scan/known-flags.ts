import { formatFileProblem, readFlagFile } from '@switchyard/flag-files';
import { CliInputError } from '../errors.js';
import { countOf } from '../plural.js';
import { type ApiClient, apiPath } from '../server-api/api-client.js';

/** The flag keys a scan compares the code with, and where they came from (for messages). */
export interface KnownFlags {
  readonly keys: ReadonlySet<string>;
  /** `project "default"`, or `flags.json`. */
  readonly source: string;
}

/** The keys of the flags in these flag files (JSON or YAML; only their keys are read). */
export async function knownFlagsFromFiles(files: readonly string[], cwd: string): Promise<KnownFlags> {
  const reads = await Promise.all(files.map((file) => readFlagFile(file, cwd)));
  const problems = reads.flatMap((read) => (read.ok ? [] : read.problems));
  if (problems.length > 0) {
    throw new CliInputError(
      `cannot read the flags: ${countOf(problems.length, 'problem')}`,
      problems.map(formatFileProblem),
    );
  }
  const keys = new Set(reads.flatMap((read) => (read.ok ? Object.keys(read.document.flags) : [])));
  return { keys, source: files.join(', ') };
}

/** The keys of a project's flags on the server. */
export async function knownFlagsFromServer(client: ApiClient, project: string): Promise<KnownFlags> {
  const { flags } = await client.get<{ flags: { key: string }[] }>(apiPath('projects', project, 'flags'));
  return { keys: new Set(flags.map((flag) => flag.key)), source: `project "${project}"` };
}
