/**
 * Deterministic inputs shared by the benchmark (run.js) and the equivalence test
 * (same-results.test.ts): evaluation contexts, the four scenario flags, and the large
 * flag set used to time loading. Targeting is flagd JSON Logic written as flagd users write it.
 */
import { createRandom, pickWeighted, randomInt } from './random.js';

export const CONTEXT_SEED = 0x5eed_2026;
export const SCENARIO_SEED = 0x0f1a_9d00;
export const LOAD_SEED = 0x10ad_f1a9;

/** Targeting keys in the S4 id lists are drawn from `user-0` … `user-<ID_RANGE - 1>`. */
const ID_RANGE = 10_000;
const ID_LIST_LENGTH = 100;

const FIRST_NAMES = [
  'ada',
  'alan',
  'grace',
  'linus',
  'margaret',
  'ken',
  'barbara',
  'dennis',
  'frances',
  'edsger',
];
const LAST_NAMES = ['lovelace', 'turing', 'hopper', 'torvalds', 'hamilton', 'thompson', 'liskov', 'ritchie'];
const EMAIL_DOMAINS = [
  ['gmail.com', 35],
  ['outlook.com', 20],
  ['example.com', 20],
  ['corp.example', 15],
  ['partner.example', 5],
  ['switchyard.dev', 5],
];
const PLANS = [
  ['free', 45],
  ['team', 20],
  ['premium', 15],
  ['enterprise', 10],
  ['trial', 10],
];
const COUNTRIES = [
  ['US', 30],
  ['IN', 12],
  ['GB', 10],
  ['DE', 10],
  ['FR', 8],
  ['BR', 8],
  ['JP', 7],
  ['CA', 6],
  ['AU', 5],
  ['NL', 4],
];
const MAJOR_VERSIONS = [
  [1, 25],
  [2, 55],
  [3, 20],
];

/**
 * Builds `count` distinct contexts of one shape, as an application would send them.
 * ASCII only: flagd-core hashes UTF-16 code units where flagd hashes UTF-8 bytes, so non-ASCII
 * targeting keys would bucket differently in the two engines.
 * @param {number} count
 * @param {number} [seed]
 * @returns {Array<{ targetingKey: string, email: string, plan: string, country: string, version: string }>}
 */
export function buildContexts(count, seed = CONTEXT_SEED) {
  const random = createRandom(seed);
  const contexts = new Array(count);
  for (let i = 0; i < count; i++) {
    const first = FIRST_NAMES[randomInt(random, FIRST_NAMES.length)];
    const last = LAST_NAMES[randomInt(random, LAST_NAMES.length)];
    const local = random() < 0.03 ? `qa-${first}${i}` : `${first}.${last}${i % 97}`;
    const domain = pickWeighted(random, EMAIL_DOMAINS);
    const major = pickWeighted(random, MAJOR_VERSIONS);
    contexts[i] = {
      targetingKey: `user-${i}`,
      email: `${local}@${domain}`,
      plan: pickWeighted(random, PLANS),
      country: pickWeighted(random, COUNTRIES),
      version: `${major}.${randomInt(random, 10)}.${randomInt(random, 20)}`,
    };
  }
  return contexts;
}

/** @param {() => number} random */
function buildIdList(random) {
  const ids = new Set();
  while (ids.size < ID_LIST_LENGTH) ids.add(`user-${randomInt(random, ID_RANGE)}`);
  return [...ids];
}

const plan = { var: 'plan' };
const country = { var: 'country' };
const email = { var: 'email' };

/**
 * The S4 shape: nine rules in one `if` chain, then a 10% `fractional` rollout keyed on
 * `$flagd.flagKey` + targetingKey (the explicit form of what the shorthand does).
 * @param {() => number} random draws this flag's own list of 100 targeting keys
 * @param {number} [own] when given, every literal the conditions compare with carries this number
 *   (`DE7`, `2.3.7`), so that no condition is the same as another flag's
 */
export function buildRulesFlag(random, own) {
  const is = (text) => (own === undefined ? text : `${text}${own}`);
  const version = own === undefined ? '2.3.0' : `2.3.${own}`;
  return {
    state: 'ENABLED',
    variants: {
      internal: 'internal',
      partner: 'partner',
      qa: 'qa',
      'beta-de': 'beta-de',
      'beta-jp': 'beta-jp',
      vip: 'vip',
      'enterprise-us': 'enterprise-us',
      'premium-gb': 'premium-gb',
      'team-in': 'team-in',
      treatment: 'treatment',
      control: 'control',
    },
    defaultVariant: 'control',
    targeting: {
      if: [
        { ends_with: [email, is('@switchyard.dev')] },
        'internal',
        { ends_with: [email, is('@partner.example')] },
        'partner',
        { starts_with: [email, is('qa-')] },
        'qa',
        { and: [{ sem_ver: [{ var: 'version' }, '>=', version] }, { '==': [country, is('DE')] }] },
        'beta-de',
        { and: [{ sem_ver: [{ var: 'version' }, '>=', version] }, { '==': [country, is('JP')] }] },
        'beta-jp',
        { in: [{ var: 'targetingKey' }, buildIdList(random)] },
        'vip',
        { and: [{ '==': [plan, is('enterprise')] }, { '==': [country, is('US')] }] },
        'enterprise-us',
        { and: [{ '==': [plan, is('premium')] }, { '==': [country, is('GB')] }] },
        'premium-gb',
        { and: [{ '==': [plan, is('team')] }, { '==': [country, is('IN')] }] },
        'team-in',
        {
          fractional: [
            { cat: [{ var: '$flagd.flagKey' }, { var: 'targetingKey' }] },
            ['treatment', 10],
            ['control', 90],
          ],
        },
      ],
    },
  };
}

/**
 * The four timed scenarios. `type` selects the typed resolver each engine is called with.
 * @type {ReadonlyArray<{ id: string, title: string, flagKey: string, type: 'boolean' | 'string', defaultValue: boolean | string }>}
 */
export const SCENARIOS = [
  { id: 'S1', title: 'static boolean', flagKey: 's1-static', type: 'boolean', defaultValue: false },
  {
    id: 'S2',
    title: 'plan in [..] and country',
    flagKey: 's2-plan-country',
    type: 'boolean',
    defaultValue: false,
  },
  { id: 'S3', title: '50/50 fractional', flagKey: 's3-fractional', type: 'boolean', defaultValue: false },
  {
    id: 'S4',
    title: '9 rules + 10% fractional',
    flagKey: 's4-nine-rules',
    type: 'string',
    defaultValue: 'fallback',
  },
];

/** One flag set holding the four scenario flags, as flagd would load it. */
export function buildScenarioDocument(seed = SCENARIO_SEED) {
  const onOff = { on: true, off: false };
  return {
    $schema: 'https://flagd.dev/schema/v0/flags.json',
    flags: {
      's1-static': { state: 'ENABLED', variants: onOff, defaultVariant: 'on' },
      's2-plan-country': {
        state: 'ENABLED',
        variants: onOff,
        defaultVariant: 'off',
        targeting: {
          if: [{ and: [{ in: [plan, ['enterprise', 'premium']] }, { '==': [country, 'US'] }] }, 'on', 'off'],
        },
      },
      's3-fractional': {
        state: 'ENABLED',
        variants: onOff,
        defaultVariant: 'off',
        targeting: {
          fractional: [
            ['on', 50],
            ['off', 50],
          ],
        },
      },
      's4-nine-rules': buildRulesFlag(createRandom(seed)),
    },
  };
}

/** Key of the i-th flag in the load document. */
export function loadFlagKey(index) {
  return `rules-${String(index).padStart(5, '0')}`;
}

/**
 * `flagCount` S4-shaped flags, each with its own id list, serialised as flagd would receive it.
 * @param {number} flagCount
 * @param {{ distinct?: boolean }} [options] `distinct`: no two flags compare with the same literals
 * @returns {string}
 */
export function buildLoadDocumentText(flagCount, seed = LOAD_SEED, { distinct = false } = {}) {
  const random = createRandom(seed);
  const flags = {};
  for (let i = 0; i < flagCount; i++)
    flags[loadFlagKey(i)] = buildRulesFlag(random, distinct ? i : undefined);
  return JSON.stringify({ $schema: 'https://flagd.dev/schema/v0/flags.json', flags });
}
