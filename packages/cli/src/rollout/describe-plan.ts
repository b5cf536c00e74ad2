// A started plan written back in the command-line syntax of `rollout start` (see schedule-spec.ts,
// ring-spec.ts, guardrail-spec.ts), so `rollout status` shows it the way it was typed.

type Json = Readonly<Record<string, unknown>>;

/** `exponential start=1 factor=2 max=100 interval=10m`. */
export function describeSchedule(schedule: Json): string {
  const words = Object.entries(schedule)
    .filter(([key]) => key !== 'shape')
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  return [String(schedule.shape ?? '?'), ...words].join(' ');
}

/** `internal=segment:employees`, `beta=condition:{"in":…}`. */
export function describeRing(ring: Json): string {
  if (ring.segment !== undefined) return `${String(ring.name)}=segment:${String(ring.segment)}`;
  return `${String(ring.name)}=condition:${JSON.stringify(ring.condition)}`;
}

/** `error-rate<0.02`, `latency-mean<control+10%:pause`, `prometheus:up<1`. */
export function describeGuardrail(guardrail: Json): string {
  const subject =
    guardrail.prometheus !== undefined
      ? `prometheus:${String(guardrail.prometheus)}`
      : String(guardrail.metric);
  const bounds: string[] = [];
  if (guardrail.maxIncrease !== undefined) bounds.push(`<control+${String(guardrail.maxIncrease)}`);
  if (typeof guardrail.maxRelativeIncrease === 'number') {
    bounds.push(`<control+${percent(guardrail.maxRelativeIncrease)}%`);
  }
  if (guardrail.max !== undefined) bounds.push(`<${String(guardrail.max)}`);
  if (guardrail.min !== undefined) bounds.push(`>${String(guardrail.min)}`);
  const settings = [
    guardrail.onBreach,
    guardrail.alpha !== undefined ? `alpha=${String(guardrail.alpha)}` : undefined,
    guardrail.plannedSampleSize !== undefined
      ? `plannedSampleSize=${String(guardrail.plannedSampleSize)}`
      : undefined,
  ].filter((setting) => setting !== undefined);
  const suffix = settings.length > 0 ? `:${settings.join(',')}` : '';
  return `${subject}${bounds.join(' and ')}${suffix}`;
}

/** 0.07 → 7 (not 7.000000000000001). */
function percent(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}
