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
  reasonOption,
  scopeOptions,
} from '../server-api/server-options.js';
import { rolloutsPath } from './find-rollout.js';
import { formatPlannedSteps, formatRollout } from './rollout-text.js';
import type { Rollout } from './rollout-types.js';
import { startBody } from './start-body.js';

const NAME = 'rollout start';

const help = `Usage:
  switchyard rollout start --environment ENV --flag FLAG --variant V --control C
                           --schedule SCHEDULE [--ring RING ...] (--guardrail GUARDRAIL ... | --no-guardrails)
                           [--safe-variant S] [--min-samples N] [--project P] [--reason TEXT]
  switchyard rollout start --environment ENV --plan FILE [any option above, to set or replace a field]

Starts a rollout: the flag serves VARIANT to a growing share of the environment's users, the rest
keep CONTROL. Each step is held at least the schedule's interval and advances only while every
guardrail holds; a breached guardrail rolls back (or pauses) by itself. Prints the rollout: its ID,
status, weight and planned steps.

Options:
  --project P            Project key (default: default).
  --environment ENV      Environment key. Required.
  --flag FLAG            The flag to roll out.
  --variant V            The variant being rolled out.
  --control C            The variant it replaces, and the comparison group.
  --safe-variant S       What a rollback serves (default: the control).
  --schedule SCHEDULE    The ramp: its shape, then KEY=VALUE words (weights are percentages):
                           'exponential start=1 factor=2 max=100 interval=10m'   1, 2, 4 … 64, 100%
                           'linear start=5 step=10 max=100 interval=1h'           5, 15 … 95, 100%
                           's-curve start=1 end=100 duration=1d interval=1h'      a logistic ramp
                           'custom steps=1,5,25,50,100 interval=30m'              the weights given
                         Intervals and durations: 30s, 10m, 2h, 1d, 1h30m.
  --ring RING            An audience served in full before the ramp, in order (repeatable):
                           'internal=segment:employees'                       a segment of the environment
                           'beta=condition:{"in":["beta",{"var":"groups"}]}'  a JSON Logic condition
  --guardrail GUARDRAIL  A metric bound that must hold for the ramp to go on (repeatable):
                           'error-rate<0.02'  or  'error-rate<2%'    the variant's error rate at most 2%
                           'latency-p95<300:pause'                   p95 latency (ms) at most 300; pause
                                                                     instead of rolling back
                           'latency-p50>5'                           a lower bound
                           'error-rate<control+0.01'                 at most 1 point above the control
                           'latency-mean<control+10%'                at most 10% above the control
                           'prometheus:sum(rate(failures_total[5m]))<3'   a PromQL query's value
                         After ':' (comma-separated): pause or rollback (the default), alpha=N,
                         plannedSampleSize=N. Metrics: error-rate, latency-p50, latency-p95,
                         latency-p99, latency-mean. '<' and '<=' both set the largest healthy value.
  --no-guardrails        No guardrails: the ramp is gated by time alone.
  --min-samples N        Units each variant needs in a step before it may advance (default 100).
  --plan FILE            The whole start body as JSON, or YAML when FILE ends in .yaml or .yml:
                           { flag, variant, control, safeVariant?, schedule: { shape, … }, rings?,
                             guardrails: [ … ], minSamples? }
                         (the API's shape, see the rollout package's README). Options given with it
                         set or replace the file's fields; --ring and --guardrail replace its lists.
  --reason TEXT          Why, recorded in the audit trail.
  --format FORMAT        text (default) or json: the server's answer (the Rollout resource).
  -h, --help             Show this help.
  --schedule, --ring and --guardrail also take a JSON object: the API's form of that field.

${connectionHelp}

Exit codes:
  0  the rollout started
  1  the server refused it (every problem is listed with its path in the body, e.g.
     /body/schedule/intervall), could not be reached, or the plan file cannot be read
  2  usage error

Examples:
  switchyard rollout start --environment production --flag new-checkout --variant on --control off \\
    --schedule 'exponential start=1 factor=2 max=100 interval=10m' \\
    --ring 'internal=segment:employees' \\
    --guardrail 'error-rate<0.02' --guardrail 'latency-p95<300:pause' --reason 'SHOP-12'
  switchyard rollout start --environment production --plan ramp.yaml --flag search-v2
`;

const options = {
  ...connectionOptions,
  ...scopeOptions,
  flag: { type: 'string' },
  variant: { type: 'string' },
  control: { type: 'string' },
  'safe-variant': { type: 'string' },
  schedule: { type: 'string' },
  plan: { type: 'string' },
  ring: { type: 'string', multiple: true },
  guardrail: { type: 'string', multiple: true },
  'no-guardrails': { type: 'boolean' },
  'min-samples': { type: 'string' },
  reason: { type: 'string' },
  format: { type: 'string' },
} as const;

export const rolloutStart: Command = {
  name: NAME,
  help,
  async run(args, io) {
    const { values } = parseCommandArgs(
      NAME,
      () => parseArgs({ args: [...args], options, allowPositionals: false, strict: true }),
      { options: options, args: args },
    );
    const format = parseOutputFormat(values.format, 'text', NAME);
    const scope = environmentScope(values, NAME);
    const reason = reasonOption(values.reason, NAME);
    const client = apiClientFor(values, io, NAME);
    const body = await startBody(values, io.cwd, NAME);
    const rollout = await client.post<Rollout>(rolloutsPath(scope), body, { changeReason: reason });
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify(rollout, null, 2)}\n`
        : `${formatRollout(rollout, `Started rollout ${rollout.id}`)}\n${formatPlannedSteps(rollout)}`,
    );
    return EXIT_OK;
  },
};
