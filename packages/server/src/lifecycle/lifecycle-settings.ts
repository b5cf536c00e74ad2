import { type Static, Type } from '@sinclair/typebox';
import { type FlagKind, flagKinds } from '../flags/flag-store.js';
import type { Issue } from '../kernel/errors.js';

export const digestSchedules = { hourly: 3600_000, daily: 86_400_000, weekly: 7 * 86_400_000 } as const;
export type DigestSchedule = keyof typeof digestSchedules;

export interface LifecycleSettings {
  /** Per kind, how long a flag is expected to live (null: permanent). */
  expectedLifetimeDays: Record<FlagKind, number | null>;
  stale: {
    /** A temporary flag serving one variant to everyone in every environment this long is stale. */
    singleVariantDays: number;
    /** A flag nobody evaluated this long is stale. */
    notEvaluatedDays: number;
    /** Whether a flag no scanned code uses is stale (once code references have been uploaded). */
    codeReferences: boolean;
  };
  naming: {
    /** A regular expression new flag keys must match (null: none beyond the server's). */
    keyPattern: string | null;
    requireOwner: boolean;
    requireDescription: boolean;
    requireKind: boolean;
  };
  /** Where the stale-flag digest is sent, signed with the secret (null: no digest). */
  digest: { url: string; secret: string; schedule: DigestSchedule } | null;
}

export const defaultLifecycleSettings: LifecycleSettings = {
  expectedLifetimeDays: { release: 40, experiment: 40, operational: null, permission: null },
  stale: { singleVariantDays: 14, notEvaluatedDays: 30, codeReferences: true },
  naming: { keyPattern: null, requireOwner: false, requireDescription: false, requireKind: false },
  digest: null,
};

const Days = Type.Integer({ minimum: 1, maximum: 3650 });
const KeyPattern = Type.String({ minLength: 1, maxLength: 500 });

/** What `PATCH …/lifecycle` takes: the fields given replace the current ones. */
export const UpdateLifecyclePayload = Type.Object(
  {
    expectedLifetimeDays: Type.Optional(
      Type.Object(
        Object.fromEntries(flagKinds.map((k) => [k, Type.Optional(Type.Union([Days, Type.Null()]))])),
        { additionalProperties: false },
      ),
    ),
    stale: Type.Optional(
      Type.Object(
        {
          singleVariantDays: Type.Optional(Days),
          notEvaluatedDays: Type.Optional(Days),
          codeReferences: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    naming: Type.Optional(
      Type.Object(
        {
          keyPattern: Type.Optional(Type.Union([KeyPattern, Type.Null()])),
          requireOwner: Type.Optional(Type.Boolean()),
          requireDescription: Type.Optional(Type.Boolean()),
          requireKind: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    digest: Type.Optional(
      Type.Union([
        Type.Object(
          {
            url: Type.String({ minLength: 1, maxLength: 2000 }),
            /** Signs each digest (HMAC-SHA256); absent: keep the current one. */
            secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200 })),
            schedule: Type.Optional(Type.Union(Object.keys(digestSchedules).map((s) => Type.Literal(s)))),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLifecycle = Static<typeof UpdateLifecyclePayload>;

/** The current settings with the update's fields applied, or the issues that refuse it. */
export function applyUpdate(
  current: LifecycleSettings,
  update: UpdateLifecycle,
  path: (p: string) => string,
): { settings: LifecycleSettings; issues: Issue[] } {
  const issues: Issue[] = [];
  const lifetimes = { ...current.expectedLifetimeDays };
  for (const kind of flagKinds) {
    const days = update.expectedLifetimeDays?.[kind];
    if (days !== undefined) lifetimes[kind] = days as number | null;
  }
  const naming = { ...current.naming, ...update.naming };
  if (naming.keyPattern !== null && update.naming?.keyPattern !== undefined) {
    try {
      new RegExp(naming.keyPattern, 'u');
    } catch (error) {
      issues.push({
        path: path('/naming/keyPattern'),
        message: `is not a valid regular expression: ${(error as Error).message}`,
      });
    }
  }
  let digest = current.digest;
  if (update.digest === null) digest = null;
  else if (update.digest !== undefined) {
    const url = update.digest.url;
    if (!isHttpUrl(url)) issues.push({ path: path('/digest/url'), message: 'must be an http(s) URL' });
    const secret = update.digest.secret ?? current.digest?.secret;
    if (secret === undefined) {
      issues.push({
        path: path('/digest/secret'),
        message:
          'is required when a digest is first configured (at least 16 characters): digests are signed with it',
      });
    }
    digest = {
      url,
      secret: secret ?? '',
      schedule: (update.digest.schedule as DigestSchedule | undefined) ?? current.digest?.schedule ?? 'daily',
    };
  }
  return {
    settings: {
      expectedLifetimeDays: lifetimes,
      stale: { ...current.stale, ...update.stale },
      naming,
      digest,
    },
    issues,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Fills fields missing from stored settings (written by an older version) with the defaults. */
export function withDefaults(stored: Partial<LifecycleSettings>): LifecycleSettings {
  return {
    expectedLifetimeDays: {
      ...defaultLifecycleSettings.expectedLifetimeDays,
      ...stored.expectedLifetimeDays,
    },
    stale: { ...defaultLifecycleSettings.stale, ...stored.stale },
    naming: { ...defaultLifecycleSettings.naming, ...stored.naming },
    digest: stored.digest ?? null,
  };
}
