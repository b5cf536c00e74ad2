import { flagFileFormat, formatFileProblem, parseFlagFileText, readTextFile } from '@switchyard/flag-files';
import { CliInputError } from '../errors.js';

/** How a request body file is named in messages: `cannot read the plan in FILE`, `a rollout plan must be an object (the body of POST …/rollouts)`. */
export interface BodyFileNames {
  readonly noun: string;
  readonly what: string;
  readonly body: string;
}

/** A request body from a file: JSON, or YAML when its name ends in .yaml or .yml; one object, no key given twice. */
export async function readBodyFile(
  file: string,
  cwd: string,
  names: BodyFileNames,
): Promise<Record<string, unknown>> {
  const read = await readTextFile(file, cwd);
  if (!read.ok) throw new CliInputError(`${file}: ${read.reason}`);
  const parsed = parseFlagFileText(file, read.text, flagFileFormat(file));
  if (!parsed.ok) {
    throw new CliInputError(`cannot read ${names.noun} in ${file}`, parsed.problems.map(formatFileProblem));
  }
  if (parsed.duplicateKeys.length > 0) {
    throw new CliInputError(
      `cannot read ${names.noun} in ${file}`,
      parsed.duplicateKeys.map(formatFileProblem),
    );
  }
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliInputError(`${file}: ${names.what} must be an object (the body of ${names.body})`);
  }
  return { ...(value as Record<string, unknown>) };
}
