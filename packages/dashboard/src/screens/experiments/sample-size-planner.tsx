import { conversionSampleSize } from '@switchyard/stats';
import { useMemo, useState } from 'react';

function plan(baseline: string, mde: string, variants: string, daily: string) {
  try {
    const result = conversionSampleSize({
      baseline: Number(baseline) / 100,
      mde: Number(mde) / 100,
      variants: Number(variants),
      ...(daily.trim() ? { dailyTraffic: Number(daily) } : {}),
    });
    return { result };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** How many units each variant needs, with @switchyard/stats' own calculator, before starting. */
export function SampleSizePlanner() {
  const [baseline, setBaseline] = useState('5');
  const [mde, setMde] = useState('10');
  const [variants, setVariants] = useState('2');
  const [daily, setDaily] = useState('5000');
  const { result, error } = useMemo(
    () => plan(baseline, mde, variants, daily),
    [baseline, mde, variants, daily],
  );
  const days = result?.durationDays;
  return (
    <section className="panel" aria-labelledby="planner-title">
      <h2 id="planner-title">Plan the sample size</h2>
      <div className="grid-form">
        <label>
          Baseline conversion %{' '}
          <input value={baseline} inputMode="decimal" onChange={(e) => setBaseline(e.target.value)} />
        </label>
        <label>
          Minimum detectable effect (relative %){' '}
          <input value={mde} inputMode="decimal" onChange={(e) => setMde(e.target.value)} />
        </label>
        <label>
          Variants (with control){' '}
          <input value={variants} inputMode="numeric" onChange={(e) => setVariants(e.target.value)} />
        </label>
        <label>
          Units per day <input value={daily} inputMode="numeric" onChange={(e) => setDaily(e.target.value)} />
        </label>
      </div>
      <output aria-label="Sample size" aria-live="polite">
        {error ? (
          <span className="error">{error}</span>
        ) : result ? (
          <span>
            <strong>{result.perVariant.toLocaleString('en')}</strong> units per variant,{' '}
            {result.total.toLocaleString('en')} in all
            {days !== undefined && `, about ${Math.ceil(days)} days at this traffic`} (α {result.alpha}, power{' '}
            {result.power}).
          </span>
        ) : null}
      </output>
    </section>
  );
}
