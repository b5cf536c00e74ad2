import { stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS } from '../errors.js';
import { formatScanText } from '../scan/format-scan-text.js';
import { type KnownFlags, knownFlagsFromFiles, knownFlagsFromServer } from '../scan/known-flags.js';
import { progressLine } from '../scan/progress.js';
import { type DirectoryScan, type FileKey, scanDirectory } from '../scan/scan-directory.js';
import { parseScanOptions, type ScanOptions } from '../scan/scan-options.js';
import { scanReport } from '../scan/scan-report.js';
import { type UploadAnswer, uploadReferences, uploadTarget } from '../scan/upload.js';
import type { ApiClient } from '../server-api/api-client.js';
import { apiClientFor, connectionHelp } from '../server-api/server-options.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard scan [DIR ...] [--flags FILE ...] [--project P] [--format text|json] [--fail-on-unknown]
                  [--exclude PATTERN ...] [--upload [--repository NAME] [--commit SHA] [--branch NAME]]

Finds the flag keys code uses, in JavaScript/TypeScript, Python, Go, Java and C# files under each DIR
(default: the current directory):
  - the key of every OpenFeature evaluation written as a string literal: getBooleanValue('key', …),
    get_boolean_value("key", …), client.BooleanValue(ctx, "key", …), GetBooleanValueAsync("key", …),
    and every typed getter and *Details variant of each SDK (see the README);
  - every string literal equal to the key of a known flag.
It reports where each flag is used, the keys used in code that are not known flags, and the known
flags no code uses. The known flags are the project's on the server, or those of --flags files.

Files git ignores are skipped (.gitignore files at every level, those above DIR in its work tree,
.git/info/exclude), as are node_modules, .git, binary files and files over 1 MiB.

Options:
  -f, --flags FILE        Take the known flags from this flag file (flagd JSON or YAML) instead of a
                          server. Repeatable.
      --project P         The server project whose flags are known (default: default).
      --format FORMAT     text (default), or json: {"references": [{"flag", "file", "line"}],
                          "unknownFlags": [...], "unusedFlags": [...]}, sorted by flag, file and line;
                          file paths are relative to DIR (to the current directory with several
                          DIRs), with / separators; line is where the key's string starts.
      --fail-on-unknown   Exit with 1 when code uses a key that is not a known flag (e.g. in CI).
      --exclude PATTERN   Skip files matching PATTERN (.gitignore syntax, relative to DIR). Repeatable.
      --upload            Send the references to the server, replacing those uploaded before for the
                          same repository (and the same project), with the commit and branch.
      --repository NAME   The repository to upload as. Default: the origin remote's URL without its
                          scheme, user or .git (github.com/acme/shop), else the directory's name.
      --commit SHA        The commit scanned. Default: git rev-parse HEAD in DIR.
      --branch NAME       The branch scanned. Default: git branch --show-current in DIR (none on a
                          detached HEAD, as in many CI checkouts: pass it there).
  -h, --help              Show this help.

${connectionHelp}
  A server is needed without --flags, and for --upload.

Exit codes:
  0  scanned (and uploaded)
  1  with --fail-on-unknown, code uses unknown keys (the report is printed all the same); a DIR or
     flag file cannot be read; the server refused or could not be reached
  2  usage error

Examples:
  switchyard scan                                  # the current directory, against project default
  switchyard scan src --flags flags.yaml --format json
  switchyard scan --fail-on-unknown --upload --branch "$CI_BRANCH"
`;

export const command: Command = {
  name: 'scan',
  help,
  async run(args, io) {
    const options = parseScanOptions(args);
    const needsServer = options.flagFiles.length === 0 || options.upload !== undefined;
    const client = needsServer ? apiClientFor(options.connection, io, 'scan') : undefined;
    const directories = await readableDirectories(options.directories, io.cwd);
    const target = options.upload && (await uploadTarget(directories[0]!, options.upload));
    const known = await knownFlags(options, client, io.cwd);

    const progress = progressLine(io.stderr);
    const scans: DirectoryScan[] = [];
    try {
      let before = 0;
      for (const directory of directories) {
        let total = 0;
        const scan = await scanDirectory(directory, {
          knownKeys: known.keys,
          exclude: options.exclude,
          maxFileBytes: MAX_FILE_BYTES,
          onFound: (files) => progress.found(before + files),
          onProgress: (done, files) => {
            total = files;
            progress.update(before + done, before + files);
          },
        });
        before += total;
        scans.push(scan);
      }
    } finally {
      // Erased before anything else is written, an error included.
      progress.clear();
    }

    const found = directories.length === 1 ? scans[0]!.found : relativeToCwd(scans, directories, io.cwd);
    const report = scanReport(found, known.keys);
    let upload: UploadAnswer | undefined;
    if (target && client) upload = await uploadReferences(client, options.project, target, report.references);
    io.stdout.write(
      options.format === 'json'
        ? `${JSON.stringify({ ...report, ...(upload && { upload }) }, null, 2)}\n`
        : formatScanText(report, scans, known.source, upload),
    );
    return options.failOnUnknown && report.unknownFlags.length > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};

/** Source files larger than this are generated or data, not code that evaluates flags. */
const MAX_FILE_BYTES = 1024 * 1024;

function knownFlags(options: ScanOptions, client: ApiClient | undefined, cwd: string): Promise<KnownFlags> {
  if (options.flagFiles.length > 0) return knownFlagsFromFiles(options.flagFiles, cwd);
  return knownFlagsFromServer(client!, options.project);
}

/** The DIRs resolved, each checked to be a directory before anything is sent or scanned. */
async function readableDirectories(directories: readonly string[], cwd: string): Promise<string[]> {
  const problems: string[] = [];
  const resolved: string[] = [];
  for (const directory of directories) {
    const path = resolve(cwd, directory);
    try {
      if (!(await stat(path)).isDirectory()) problems.push(`${directory}: not a directory`);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      problems.push(`${directory}: ${code === 'ENOENT' ? 'no such directory' : (error as Error).message}`);
    }
    resolved.push(path);
  }
  if (problems.length === 1) throw new CliInputError(`cannot scan ${problems[0]}`);
  if (problems.length > 1) throw new CliInputError(`cannot scan ${problems.length} directories`, problems);
  return resolved;
}

/** With several DIRs, paths relative to the current directory, where the DIRs were named from. */
function relativeToCwd(
  scans: readonly DirectoryScan[],
  directories: readonly string[],
  cwd: string,
): FileKey[] {
  return scans.flatMap((scan, index) =>
    scan.found.map((key) => ({
      ...key,
      file: relative(cwd, resolve(directories[index]!, key.file)).split(sep).join('/'),
    })),
  );
}
