import { didYouMean, type EvaluationContext, type FlagSet } from '@switchyard/core';
import { formatFileProblem } from '@switchyard/flag-files';
import { type CliIo, writeWithBackpressure } from '../cli-io.js';
import { CliInputError, EXIT_OK, EXIT_PROBLEMS } from '../errors.js';
import { type EvalOptions, parseEvalOptions } from '../eval/eval-options.js';
import { evaluateFlags } from '../eval/evaluate.js';
import { evaluationRecord } from '../eval/evaluation-record.js';
import { contextLabel, formatEvaluationText } from '../eval/format-evaluation-text.js';
import { parseContext } from '../eval/parse-context.js';
import { loadFlags } from '../flags/load-flags.js';
import { readJsonLines } from '../io/read-json-lines.js';
import { countOf } from '../plural.js';
import type { Command } from './command.js';

const help = `Usage:
  switchyard eval --flags FILE [--flags FILE ...] [--flag KEY ...]
                  [--context JSON | --contexts FILE.jsonl] [--explain] [--format json|text]

Evaluates flags from local flag files with the same evaluator the server uses, without a server.

Options:
  -f, --flags FILE       Flag file: flagd JSON, or flagd YAML when the name ends in .yaml or .yml. Required.
                         Repeat it to combine files the way flagd combines sources, by the rule
                         'serve --flags' applies too: each file keeps its own $evaluators and metadata,
                         and a flag defined in several files is taken from the last file given. (A $ref
                         to an evaluator its file does not define uses the last other file's.)
      --flag KEY         Evaluate only this flag (repeatable). Default: every flag, disabled ones included.
  -c, --context JSON     The evaluation context, a JSON object: '{"targetingKey":"user-1","plan":"pro"}'.
      --contexts FILE    A JSON Lines file, one context object per line; blank lines are skipped.
                         With neither option, flags are evaluated for the empty context {}.
      --explain          Add the evaluation steps to each result: which rule matched and, for
                         fractional rollouts, the bucketing key, hash and bucket.
      --format FORMAT    json (default): one JSON object per line and per flag:
                           {"flag", "targetingKey", "value", "variant", "reason", "errorCode",
                            "errorMessage", "flagMetadata"}, plus "steps" with --explain.
                           Fields that do not apply are omitted (no "value" for a disabled flag).
                         text: a readable line per result, then one line per step with --explain.
  -h, --help             Show this help.

Flag files are loaded leniently, as flagd loads them (schema warnings are ignored; a defaultVariant
missing from variants is rejected). Run 'switchyard validate' for a strict check.

Exit codes:
  0  every context was evaluated
  1  a flag file cannot be loaded, a --flag is not defined in any file, or a --contexts line is not a
     JSON object (reported on stderr with its line number; the other lines are still evaluated)
  2  usage error

Examples:
  switchyard eval --flags flags.json --flag new-checkout --context '{"targetingKey":"user-42"}'
  switchyard eval --flags base.yaml --flags overrides.json --contexts users.jsonl > results.jsonl
  switchyard eval --flags flags.json --flag headerColor --explain --format text \\
    --context '{"targetingKey":"u1","email":"ann@faas.com"}'
`;

export const command: Command = {
  name: 'eval',
  help,
  async run(args, io) {
    const options = parseEvalOptions(args);
    const flags = await loadFlags(options.flagFiles, io.cwd);
    assertFlagsDefined(flags, options);
    if (options.contexts.kind === 'inline') {
      await writeWithBackpressure(io.stdout, renderEvaluations(flags, options, options.contexts.context));
      return EXIT_OK;
    }
    return evaluateContextsFile(flags, options, options.contexts.file, io);
  },
};

async function evaluateContextsFile(
  flags: FlagSet,
  options: EvalOptions,
  file: string,
  io: CliIo,
): Promise<number> {
  let evaluated = 0;
  let invalid = 0;
  for await (const { lineNumber, text } of readJsonLines(file, io.cwd)) {
    const parsed = parseContext(text);
    if (!parsed.ok) {
      invalid++;
      const column = parsed.position?.column ?? 1;
      io.stderr.write(
        `${formatFileProblem({ file, kind: 'syntax', message: parsed.message, line: lineNumber, column })}\n`,
      );
      continue;
    }
    evaluated++;
    await writeWithBackpressure(io.stdout, renderEvaluations(flags, options, parsed.context, lineNumber));
  }
  if (invalid > 0) {
    io.stderr.write(
      `switchyard: error: ${countOf(invalid, 'invalid line')} in ${file} (${countOf(evaluated, 'context')} evaluated)\n`,
    );
    return EXIT_PROBLEMS;
  }
  if (evaluated === 0) io.stderr.write(`switchyard: warning: ${file} contains no contexts\n`);
  return EXIT_OK;
}

/** The output for one context: a JSON Lines record (or a text block) per evaluated flag. */
function renderEvaluations(
  flags: FlagSet,
  options: EvalOptions,
  context: EvaluationContext,
  lineNumber?: number,
): string {
  return evaluateFlags(flags, options.flagKeys, context, options.explain)
    .map((evaluation) =>
      options.format === 'json'
        ? `${JSON.stringify(evaluationRecord(evaluation, context))}\n`
        : formatEvaluationText(evaluation, contextLabel(context.targetingKey, lineNumber)),
    )
    .join('');
}

/** A mistyped --flag would otherwise print FLAG_NOT_FOUND for every context; stop before evaluating. */
function assertFlagsDefined(flags: FlagSet, options: EvalOptions): void {
  for (const key of options.flagKeys ?? []) {
    if (flags.has(key)) continue;
    const files = options.flagFiles.join(', ');
    throw new CliInputError(`flag '${key}' is not defined in ${files}${didYouMean(key, flags.flagKeys)}`);
  }
}
