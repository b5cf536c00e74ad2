import type { Command } from '../commands/command.js';
import { EXIT_OK } from '../errors.js';
import { parseSampleSizeArgs, SAMPLE_SIZE } from './sample-size-options.js';
import { formatSampleSizeText, planSampleSize } from './sample-size-report.js';

const help = `Usage:
  switchyard stats sample-size --baseline RATE --mde EFFECT [--mde-type relative|absolute]
                               [--alpha A] [--power P] [--variants N] [--daily-traffic N]
                               [--format text|json]
  switchyard stats sample-size --mean M (--std-dev S | --variance V) --mde EFFECT [...]
  switchyard stats sample-size (--std-dev S | --variance V) --mde EFFECT --mde-type absolute [...]

Plans an experiment before it starts: the units (users, by targeting key) each variant needs for a
two-sided test at level alpha to detect the minimum detectable effect with the given power, and
with --daily-traffic the days that takes. It is computed locally: no server is needed.

The metric is a conversion rate (did the unit convert?), given by the control's rate --baseline,
or a mean (revenue, time on page), given by its spread per unit, --std-dev or --variance, and the
control's mean --mean.

Options:
  --baseline RATE      The control's conversion rate, between 0 and 1: 0.05 or 5%.
  --mean M             The control's mean; needed with a relative --mde.
  --std-dev S          The metric's standard deviation per unit (assumed alike in every variant).
  --variance V         Or its variance (S²).
  --mde EFFECT         The minimum detectable effect, above 0. Required.
                       relative (default): a fraction of the baseline or the mean; 0.1 or 10% is
                       a change of 10% (5% → 5.5%).
                       absolute: in the metric's units; for a conversion rate, 0.01 or 1% is one
                       percentage point (5% → 6%).
  --mde-type TYPE      relative (default) or absolute.
  --alpha A            Significance level of the two-sided test (default 0.05). With more than
                       two variants, each comparison with the control is tested at
                       alpha / (variants - 1) (Bonferroni), so that together they keep alpha.
  --power P            The chance of detecting an effect the size of --mde (default 0.8).
  --variants N         Variants, the control included (default 2), each given an equal share.
  --daily-traffic N    Units entering the experiment a day, all variants together: adds the
                       duration, in whole days.
  --format FORMAT      text (default), or json: {"perVariant", "total", "variants", "metric",
                       "baseline" | "mean"?, "stdDev", "variance", "mde", "mdeType",
                       "absoluteEffect", "alpha", "comparisonAlpha", "power", "dailyTraffic"?,
                       "durationDays"?}. "metric" is "conversion" (with "baseline") or "mean"
                       (with "stdDev", "variance", and "mean" when given); "dailyTraffic" and
                       "durationDays" are there with --daily-traffic.
  -h, --help           Show this help.

--baseline, --mde, --alpha and --power may be written as percentages: 5% is 0.05. An absolute --mde
on a mean is in the metric's units, and may not.

Normal approximation with unpooled variances, rounded up to whole units (in @switchyard/stats):
  conversion rate  n = (z(1 - alpha'/2) + z(power))² · (p1(1 - p1) + p2(1 - p2)) / (p2 - p1)²
  mean             n = (z(1 - alpha'/2) + z(power))² · 2 · variance / effect²
where alpha' = alpha / (variants - 1), p1 is the baseline and p2 the rate to detect.

Exit codes:
  0  planned
  2  usage error: an option missing, conflicting with another, or out of its range

Examples:
  switchyard stats sample-size --baseline 5% --mde 10%
  switchyard stats sample-size --baseline 0.05 --mde 0.1 --variants 3 --daily-traffic 5000
  switchyard stats sample-size --mean 42.5 --std-dev 30 --mde 5% --format json
  switchyard stats sample-size --variance 4 --mde 0.1 --mde-type absolute
`;

export const statsSampleSize: Command = {
  name: SAMPLE_SIZE,
  help,
  async run(args, io) {
    const { request, format } = parseSampleSizeArgs(args);
    const record = planSampleSize(request);
    io.stdout.write(
      format === 'json' ? `${JSON.stringify(record, null, 2)}\n` : formatSampleSizeText(record),
    );
    return EXIT_OK;
  },
};
