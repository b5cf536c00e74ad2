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
import { createBody } from './create-body.js';
import { experimentsPath } from './experiment-path.js';
import { formatExperiment } from './experiment-text.js';
import type { Experiment } from './experiment-types.js';

const NAME = 'experiment create';

const help = `Usage:
  switchyard experiment create --environment ENV --key KEY --flag FLAG --control C --weights 'C=50,V=50'
                               --primary-metric METRIC [--secondary-metric METRIC ...]
                               [--guardrail-metric METRIC ...] [--name TEXT] [--hypothesis TEXT]
                               [--mde 10%] [--alpha 0.05] [--power 0.8] [--attribution-window 72h|none]
                               [--sequential] [--salt TEXT] [--project P] [--reason TEXT]
  switchyard experiment create --environment ENV --design FILE [any option above, to set or replace a field]

Creates an experiment as a draft: the flag's users will be split by weight (sticky by targeting
key) once it starts. Prints the experiment.

Options:
  --project P                Project key (default: default).
  --environment ENV          Environment key. Required.
  --key KEY                  The experiment's key, unique in the environment ([a-z0-9][a-z0-9._-]*).
  --flag FLAG                The flag whose users are split.
  --control C                The variant the others are compared with.
  --weights WEIGHTS          The split, control included: 'off=50,on=50' (integer weights, 2 to 10 variants).
  --primary-metric METRIC    What the experiment decides on:
                               'conversion:purchase'                did the unit send "purchase"
                               'count:page-view'                    how many times
                               'mean:purchase'                      the sum of its values per unit
                               'revenue-per-order=ratio:purchase.value/purchase.count'
                             KEY= first names the metric (default: from its event and type);
                             ':lower-is-better' last for metrics where less is better.
  --secondary-metric METRIC  More metrics (repeatable).
  --guardrail-metric METRIC  Metrics flagged when significantly worse (repeatable), e.g.
                               'count:checkout-error:lower-is-better'
  --name TEXT, --hypothesis TEXT   What people read.
  --mde VALUE                The relative effect the sample size is planned for: 0.05 or 5% (default 10%).
  --alpha VALUE, --power VALUE     Significance level (default 0.05) and power (default 0.8).
  --attribution-window DURATION    How long after a unit's first exposure its events count
                             (72h, 7d; default 72h), or 'none': until the experiment stops.
  --sequential               Always-valid p-values and intervals, for teams that look every day.
  --salt TEXT                Seeds the split's hashing (default: the key).
  --design FILE              The whole create body as JSON, or YAML when FILE ends in .yaml or .yml
                             (the API's shape, see the experiments guide). Options given with it set or
                             replace the file's fields; the metric options replace its lists.
  --reason TEXT              Why, recorded in the audit trail.
  --format FORMAT            text (default) or json: the server's answer (the Experiment resource).
  -h, --help                 Show this help.
  --weights and the metric options also take a JSON object: the API's form of that field.

${connectionHelp}

Exit codes:
  0  the experiment was created
  1  the server refused it (every problem is listed with its path in the body, e.g.
     /body/weights/onn), could not be reached, or the design file cannot be read
  2  usage error

Example:
  switchyard experiment create --environment production --key checkout-test --flag new-checkout \\
    --control off --weights 'off=50,on=50' --primary-metric 'conversion:purchase' \\
    --secondary-metric 'mean:purchase' --guardrail-metric 'count:checkout-error:lower-is-better' --mde 5%
`;

const options = {
  ...connectionOptions,
  ...scopeOptions,
  design: { type: 'string' },
  key: { type: 'string' },
  flag: { type: 'string' },
  control: { type: 'string' },
  weights: { type: 'string' },
  'primary-metric': { type: 'string' },
  'secondary-metric': { type: 'string', multiple: true },
  'guardrail-metric': { type: 'string', multiple: true },
  name: { type: 'string' },
  hypothesis: { type: 'string' },
  mde: { type: 'string' },
  alpha: { type: 'string' },
  power: { type: 'string' },
  'attribution-window': { type: 'string' },
  sequential: { type: 'boolean' },
  salt: { type: 'string' },
  reason: { type: 'string' },
  format: { type: 'string' },
} as const;

export const experimentCreate: Command = {
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
    const body = await createBody(values, io.cwd, NAME);
    const client = apiClientFor(values, io, NAME);
    const experiment = await client.post<Experiment>(experimentsPath(scope), body, { changeReason: reason });
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify(experiment, null, 2)}\n`
        : formatExperiment(
            experiment,
            `Created experiment ${experiment.key} (a draft: 'switchyard experiment start' starts it)`,
          ),
    );
    return EXIT_OK;
  },
};
