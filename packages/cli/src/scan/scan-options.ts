import { parseArgs } from 'node:util';
import { type OutputFormat, parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliUsageError } from '../errors.js';
import { connectionOptions, DEFAULT_PROJECT, nonEmptyOption } from '../server-api/server-options.js';

export const scanArgOptions = {
  ...connectionOptions,
  project: { type: 'string' },
  flags: { type: 'string', short: 'f', multiple: true },
  format: { type: 'string' },
  'fail-on-unknown': { type: 'boolean' },
  exclude: { type: 'string', multiple: true },
  upload: { type: 'boolean' },
  repository: { type: 'string' },
  commit: { type: 'string' },
  branch: { type: 'string' },
} as const;

export interface ScanOptions {
  /** As given; `.` when none is. */
  readonly directories: readonly string[];
  /** Known keys from these flag files instead of the server. */
  readonly flagFiles: readonly string[];
  readonly project: string;
  readonly format: OutputFormat;
  readonly failOnUnknown: boolean;
  readonly exclude: readonly string[];
  /** Set with --upload: what names the upload (each absent field is asked of git). */
  readonly upload?: { readonly repository?: string; readonly commit?: string; readonly branch?: string };
  readonly connection: { readonly url?: string | undefined; readonly token?: string | undefined };
}

export function parseScanOptions(args: readonly string[]): ScanOptions {
  const { values, positionals } = parseCommandArgs(
    'scan',
    () => parseArgs({ args: [...args], options: scanArgOptions, allowPositionals: true, strict: true }),
    { options: scanArgOptions, args },
  );
  const directories = positionals.length > 0 ? positionals : ['.'];
  for (const directory of directories) {
    if (directory === '') throw new CliUsageError('a DIR argument is empty', 'scan');
  }
  const named = { repository: values.repository, commit: values.commit, branch: values.branch };
  for (const [name, value] of Object.entries(named)) {
    if (value === undefined) continue;
    if (!values.upload) throw new CliUsageError(`option '--${name}' names an upload: add --upload`, 'scan');
    nonEmptyOption(value, name, 'scan');
  }
  if (values.upload && directories.length > 1) {
    throw new CliUsageError(
      `--upload sends the references of one repository: give one DIR, got ${directories.length}`,
      'scan',
    );
  }
  return {
    directories,
    flagFiles: values.flags ?? [],
    project: nonEmptyOption(values.project ?? DEFAULT_PROJECT, 'project', 'scan'),
    format: parseOutputFormat(values.format, 'text', 'scan'),
    failOnUnknown: values['fail-on-unknown'] === true,
    exclude: values.exclude ?? [],
    ...(values.upload && { upload: withoutUndefined(named) }),
    connection: { url: values.url, token: values.token },
  };
}

function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}
