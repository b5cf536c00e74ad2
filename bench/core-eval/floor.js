/**
 * The floor: S2 and S4 written by hand in plain JavaScript for these flags, the fastest an
 * evaluator could be on them (one property read per attribute, no JSON Logic). Each returns
 * resolution details built once, as an evaluator that allocates nothing would. These functions
 * must agree with flagd-core on every context, like the evaluator itself.
 */
import { buildScenarioDocument } from './scenarios.js';

const NO_METADATA = Object.freeze({});

function details(value, variant) {
  return Object.freeze({ value, variant, reason: 'TARGETING_MATCH', flagMetadata: NO_METADATA });
}

const S2_ON = details(true, 'on');
const S2_OFF = details(false, 'off');

/** `plan in [enterprise, premium] and country == US` → on, else off. */
export function handWrittenS2(ctx) {
  const plan = ctx.plan;
  return (plan === 'enterprise' || plan === 'premium') && ctx.country === 'US' ? S2_ON : S2_OFF;
}

/** MurmurHash3 (x86, 32-bit, seed 0) of an ASCII string: what `fractional` hashes for these keys. */
function murmur3Ascii(key) {
  const n = key.length;
  const blocks = n & ~3;
  let h = 0;
  let k = 0;
  for (let i = 0; i < blocks; i += 4) {
    k =
      key.charCodeAt(i) |
      (key.charCodeAt(i + 1) << 8) |
      (key.charCodeAt(i + 2) << 16) |
      (key.charCodeAt(i + 3) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = n & 3;
  if (tail > 0) {
    k = key.charCodeAt(blocks);
    if (tail > 1) k |= key.charCodeAt(blocks + 1) << 8;
    if (tail > 2) k |= key.charCodeAt(blocks + 2) << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Major.minor.patch at least 2.3.0; the contexts' versions are all plain `M.m.p`. */
function atLeast230(version) {
  const dot = version.indexOf('.');
  const major = +version.slice(0, dot);
  if (major !== 2) return major > 2;
  return +version.slice(dot + 1, version.indexOf('.', dot + 1)) >= 3;
}

/** The S4 flag written by hand: the same nine rules in the same order, then the 10% split. */
export function makeHandWrittenS4() {
  const flag = buildScenarioDocument().flags['s4-nine-rules'];
  const ids = new Set(flag.targeting.if[10].in[1]);
  const r = {};
  for (const variant of Object.keys(flag.variants)) r[variant] = details(variant, variant);
  const flagKey = 's4-nine-rules';
  return function handWrittenS4(ctx) {
    const email = ctx.email;
    if (email.endsWith('@switchyard.dev')) return r.internal;
    if (email.endsWith('@partner.example')) return r.partner;
    if (email.startsWith('qa-')) return r.qa;
    const country = ctx.country;
    if (country === 'DE' && atLeast230(ctx.version)) return r['beta-de'];
    if (country === 'JP' && atLeast230(ctx.version)) return r['beta-jp'];
    const key = ctx.targetingKey;
    if (ids.has(key)) return r.vip;
    const plan = ctx.plan;
    if (plan === 'enterprise' && country === 'US') return r['enterprise-us'];
    if (plan === 'premium' && country === 'GB') return r['premium-gb'];
    if (plan === 'team' && country === 'IN') return r['team-in'];
    // flagd's v2 bucket: (hash * 100) >> 32 in 64-bit arithmetic, exact in a double for 100.
    return Math.floor((murmur3Ascii(flagKey + key) * 100) / 2 ** 32) < 10 ? r.treatment : r.control;
  };
}

/** The hand-written function of each scenario that has one. */
export function handWrittenFloors() {
  return { S2: handWrittenS2, S4: makeHandWrittenS4() };
}

/** Timed loop for a hand-written floor, with the same variant-length sink as the engines' loops. */
export function floorLoop(fn, contexts) {
  let sink = 0;
  for (let i = 0; i < contexts.length; i++) {
    const result = fn(contexts[i]);
    sink += result.variant === undefined ? 0 : result.variant.length;
  }
  return sink;
}
