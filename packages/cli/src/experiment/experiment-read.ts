import { parseArgs } from 'node:util';
import { parseOutputFormat } from '../args/output-format.js';
import { parseCommandArgs } from '../args/parse-command-args.js';
import type { Command } from '../commands/command.js';
import { EXIT_OK } from '../errors.js';
import {
  apiClientFor,
  connectionHelp,
  connectionOptions,
  environmentScope,
  scopeOptions,
} from '../server-api/server-options.js';
import { experimentKey, experimentsPath, where } from './experiment-path.js';
import { formatExperiment, formatExperimentList } from './experiment-text.js';
import type { Experiment, ExperimentList, ExperimentResults } from './experiment-types.js';
import { formatResults } from './results-text.js';

const options = { ...connectionOptions, ...scopeOptions, format: { type: 'string' } } as const;

const common = `Options:
  --project P           Project key (default: default).
  --environment ENV     Environment key. Required.
  --format FORMAT       text (default) or json: the server's answer.
  -h, --help            Show this help.

${connectionHelp}

Exit codes:
  0  done
  1  the server refused (no such experiment or environment, a token that may not read it) or could
     not be reached
  2  usage error`;

interface ReadSpec {
  readonly name: 'list' | 'show' | 'results';
  readonly usage: string;
  readonly does: string;
  readonly example: string;
  /** GETs what it shows; returns the server's answer and its text form. */
  fetch(
    get: <T>(path: string) => Promise<T>,
    scope: Parameters<typeof experimentsPath>[0],
    key: string | undefined,
  ): Promise<{ answer: unknown; text: string }>;
}

const SPECS: readonly ReadSpec[] = [
  {
    name: 'list',
    usage: 'switchyard experiment list --environment ENV [--project P]',
    does: "Lists the environment's experiments, newest first: key, flag, status, split, primary metric.",
    example: 'switchyard experiment list --environment production',
    async fetch(get, scope) {
      const answer = await get<ExperimentList>(experimentsPath(scope));
      return { answer, text: formatExperimentList(answer.experiments, where(scope)) };
    },
  },
  {
    name: 'show',
    usage: 'switchyard experiment show --environment ENV [--project P] KEY',
    does: 'Shows an experiment: its split, metrics, statistical design, status and outcome.',
    example: 'switchyard experiment show --environment production checkout-test',
    async fetch(get, scope, key) {
      const answer = await get<Experiment>(experimentsPath(scope, key!));
      return { answer, text: formatExperiment(answer, `Experiment ${answer.key}`) };
    },
  },
  {
    name: 'results',
    usage: 'switchyard experiment results --environment ENV [--project P] KEY',
    does: `Shows an experiment's results: warnings first (a SAMPLE RATIO MISMATCH means assignment or
exposure logging is broken: do not trust the figures until it is found), then per metric and
variant against control the units, mean (a conversion as a rate), absolute effect (percentage
points for a conversion) and relative effect with their intervals, p-value, chance to beat
control, whether it is significant and, for guardrail metrics, whether the guardrail is breached;
then the sample-ratio check and the units still needed with the estimated end.`,
    example: 'switchyard experiment results --environment production checkout-test --format json',
    async fetch(get, scope, key) {
      const answer = await get<ExperimentResults>(experimentsPath(scope, key!, 'results'));
      return { answer, text: formatResults(answer) };
    },
  },
];

function readCommand(spec: ReadSpec): Command {
  const name = `experiment ${spec.name}`;
  return {
    name,
    help: `Usage:
  ${spec.usage}

${spec.does}

${common}

Example:
  ${spec.example}
`,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(
        name,
        () => parseArgs({ args: [...args], options, allowPositionals: spec.name !== 'list', strict: true }),
        { options: options, args: args },
      );
      const format = parseOutputFormat(values.format, 'text', name);
      const scope = environmentScope(values, name);
      const key = spec.name === 'list' ? undefined : experimentKey(positionals, name);
      const client = apiClientFor(values, io, name);
      const { answer, text } = await spec.fetch((path) => client.get(path), scope, key);
      io.stdout.write(format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : text);
      return EXIT_OK;
    },
  };
}

export const experimentReads: readonly Command[] = SPECS.map(readCommand);
