import { parseArgs } from 'node:util';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliUsageError, EXIT_OK, EXIT_PROBLEMS } from '../errors.js';
import { type FileReport, validateFlagFile } from '../validate/validate-flag-file.js';
import { formatValidationJson, formatValidationText } from '../validate/validation-report.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard validate [--format text|json] FILE...

Checks flag files strictly against the flagd flag-set format: JSON, or flagd's YAML format when the
name ends in .yaml or .yml. Every problem in every file is reported, including those flagd only warns
about and which 'switchyard eval' and the server therefore accept.

Options:
  --format FORMAT   text (default): one line per problem, then a summary line:
                      FILE: JSON-POINTER: MESSAGE        a problem in the flag set
                      FILE:LINE:COLUMN: MESSAGE          a JSON or YAML syntax error, or a key
                                                         repeated in one JSON object
                      FILE: MESSAGE                      a file that cannot be read
                    json: {"valid", "files": [{"file", "valid", "problems": [{"kind", "message",
                      "path"?, "line"?, "column"?}]}], "summary": {"files", "invalidFiles", "problems"}}
                      where kind is "read", "syntax", "duplicate-key" or "flag-set".
  -h, --help        Show this help.

Exit codes:
  0  every file is valid
  1  at least one problem was found
  2  usage error

Examples:
  switchyard validate flags/*.json
  switchyard validate --format json example.flagd.yaml
`;

export const command: Command = {
  name: 'validate',
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs('validate', () =>
      parseArgs({
        args: [...args],
        options: { format: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      }),
    );
    const format = parseOutputFormat(values.format, 'text', 'validate');
    if (positionals.length === 0)
      throw new CliUsageError('no files given: validate needs at least one FILE', 'validate');

    const reports: FileReport[] = [];
    for (const file of positionals) reports.push(await validateFlagFile(file, io.cwd));

    io.stdout.write(format === 'json' ? formatValidationJson(reports) : formatValidationText(reports));
    return reports.some((report) => report.problems.length > 0) ? EXIT_PROBLEMS : EXIT_OK;
  },
};
