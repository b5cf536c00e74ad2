import { formatProjectProblem, type ProjectDocument, readProjectFile } from '@switchyard/flag-files';
import { CliInputError } from '../errors.js';

/** Reads and checks `-f FILE`; every problem becomes one line naming file, line and path. */
export async function readProjectInput(file: string, cwd: string): Promise<ProjectDocument> {
  const read = await readProjectFile(file, cwd);
  if (read.ok) return read.document;
  const count = read.problems.length;
  throw new CliInputError(
    `${file} is not a valid project file (${count} problem${count === 1 ? '' : 's'})`,
    read.problems.map((problem) => `  ${formatProjectProblem(problem)}`),
  );
}

/** The address the server publishes the format's schema at, for the exported file's header. */
export function schemaUrlOf(serverUrl: string): string {
  return `${serverUrl}/api/v1/schemas/project.json`;
}
