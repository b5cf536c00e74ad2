/**
 * Simulated users of an A/B test, and the record a test keeps of them to check the server against.
 * Deterministic: the same seed draws the same numbers, and the draws of a user do not depend on the
 * variant the user was given, so the record changes only if bucketing changes.
 */

/** Mulberry32: a small, well-known 32-bit PRNG; uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface SimulatedUser {
  key: string;
  variant: string;
  /** The value of each purchase the user made (none: did not convert). */
  purchases: number[];
}

export interface Behaviour {
  /** Chance that a user of the variant buys at least once. */
  conversionRate: Record<string, number>;
  /** Chance that a buyer buys a second time. */
  repeatRate: number;
}

/**
 * What a user does once served `variant`: four draws per user whatever happens, so every later user's
 * draws stay the same. Purchase values are whole amounts from 10 to 99, so sums are exact.
 */
export function simulatePurchases(random: () => number, variant: string, behaviour: Behaviour): number[] {
  const [converts, first, repeats, second] = [random(), random(), random(), random()];
  const rate = behaviour.conversionRate[variant];
  if (rate === undefined) throw new Error(`no conversion rate for variant "${variant}"`);
  if (converts >= rate) return [];
  const amount = (u: number) => 10 + Math.floor(u * 90);
  return repeats < behaviour.repeatRate ? [amount(first), amount(second)] : [amount(first)];
}

/** Per variant, what the server should report: units, converted units, and per-unit revenue sums. */
export interface VariantTally {
  units: number;
  conversions: number;
  purchases: number;
  /** Sum over units of the unit's revenue, and of its square (the `mean` metric's sums). */
  revenue: number;
  revenueSquares: number;
}

export function tally(
  users: readonly SimulatedUser[],
  variants: readonly string[],
): Record<string, VariantTally> {
  const result = Object.fromEntries(
    variants.map((v): [string, VariantTally] => [
      v,
      { units: 0, conversions: 0, purchases: 0, revenue: 0, revenueSquares: 0 },
    ]),
  );
  for (const user of users) {
    const t = result[user.variant];
    if (!t) throw new Error(`user ${user.key} got "${user.variant}", not one of ${variants.join(', ')}`);
    const revenue = user.purchases.reduce((a, b) => a + b, 0);
    t.units++;
    t.conversions += user.purchases.length > 0 ? 1 : 0;
    t.purchases += user.purchases.length;
    t.revenue += revenue;
    t.revenueSquares += revenue * revenue;
  }
  return result;
}
