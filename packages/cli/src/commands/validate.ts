import { parseArgs } from 'node:util';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import { CliUsageError, EXIT_OK, EXIT_PROBLEMS } from '../errors.js';
import { validateFlagFiles } from '../validate/validate-flag-files.js';
import { formatValidationJson, formatValidationText, summarize } from '../validate/validation-report.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard validate [--format text|json] FILE...
  switchyard validate --strict [--format text|json] FILE...

Checks flag files strictly against the flagd flag-set format: JSON, or flagd's YAML format when the
name ends in .yaml or .yml. Every problem in every file is reported, including those flagd only warns
about and which 'switchyard eval' and the server therefore accept.

Warnings are printed but do not fail the check:
  - a property the flagd format does not define, e.g. a misspelt "defualtVariant" or "targetting"
    (flagd ignores it, so it would be silently lost), with the known name it resembles;
  - a $ref to an evaluator its file does not define but another of the FILEs does: the files are
    checked as 'eval --flags' and 'serve --flags' combine them, which resolve it there (flagd, loading
    the files as separate sources, answers PARSE_ERROR).

Options:
  --strict          Report warnings as errors: they fail the check (exit 1).
  --format FORMAT   text (default): one line per problem, then a summary line:
                      FILE: JSON-POINTER: MESSAGE        a problem in the flag set
                      FILE:LINE:COLUMN: MESSAGE          a JSON or YAML syntax error, or a key
                                                         repeated in one JSON object
                      FILE: MESSAGE                      a file that cannot be read
                    a warning's MESSAGE starts with 'warning: '.
                    json: {"valid", "files": [{"file", "valid", "problems": [{"kind", "severity"?,
                      "message", "path"?, "line"?, "column"?}]}], "summary": {"files",
                      "invalidFiles", "problems", "warnings"?}}
                      where kind is "read", "syntax", "duplicate-key", "shape" (not a flag set:
                      not an object, "flags" missing or wrong), "flag-set", "unknown-field" or
                      "combination"; "severity" is "warning" on warnings and absent on errors;
                      "problems" in the summary counts errors, "warnings" is there when there are any.
  -h, --help        Show this help.

Exit codes:
  0  no errors (warnings may have been printed)
  1  at least one error, or with --strict at least one warning
  2  usage error

Examples:
  switchyard validate flags/*.json
  switchyard validate --strict --format json example.flagd.yaml
`;

const validateOptions = {
  format: { type: 'string' },
  strict: { type: 'boolean', default: false },
} as const;

export const command: Command = {
  name: 'validate',
  help,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      'validate',
      () => parseArgs({ args: [...args], options: validateOptions, allowPositionals: true, strict: true }),
      { options: validateOptions, args: args },
    );
    const format = parseOutputFormat(values.format, 'text', 'validate');
    if (positionals.length === 0)
      throw new CliUsageError('no files given: validate needs at least one FILE', 'validate');

    const reports = await validateFlagFiles(positionals, io.cwd, { strict: values.strict });

    io.stdout.write(format === 'json' ? formatValidationJson(reports) : formatValidationText(reports));
    return summarize(reports).problems > 0 ? EXIT_PROBLEMS : EXIT_OK;
  },
};
