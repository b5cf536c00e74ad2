import { type JsonValue, valueType } from '@switchyard/core';
import { conflict, type Issue } from '../kernel/errors.js';
import type { FlagConfig } from './flag-config-store.js';
import type { Flag } from './flag-store.js';

/**
 * The variant a flag serves when nothing else applies and nobody chose one: the explicit choice;
 * otherwise, for a boolean flag, its false-valued ("off") variant, so that enabling a new flag
 * never turns it on for everyone; otherwise the first variant listed.
 */
export function defaultVariantOf(
  variants: Readonly<Record<string, JsonValue>>,
  explicit?: string | null,
): string | null {
  if (explicit !== undefined && explicit !== null) return explicit;
  const names = Object.keys(variants);
  const off = names.find((name) => variants[name] === false);
  return off ?? names[0] ?? null;
}

/**
 * The variant a kill switch or a rollback serves: the flag's own setting; otherwise its off variant
 * (the false-valued variant of a boolean flag); otherwise its default variant.
 */
export function safeVariantOf(
  flag: Pick<Flag, 'variants' | 'safeVariant' | 'defaultVariant'>,
): string | null {
  if (flag.safeVariant !== null && Object.hasOwn(flag.variants, flag.safeVariant)) return flag.safeVariant;
  const names = Object.keys(flag.variants);
  const off = names.find((name) => flag.variants[name] === false);
  return off ?? defaultVariantOf(flag.variants, flag.defaultVariant);
}

/** One type for all variants (SDKs ask for a boolean, a string, a number or an object). */
export function variantTypeIssues(variants: Readonly<Record<string, JsonValue>>, path: string): Issue[] {
  const byType = new Map<string, string>();
  for (const [name, value] of Object.entries(variants)) {
    const type = valueType(value);
    if (type === undefined) {
      return [
        { path: `${path}/${name}`, message: 'a variant value must be a boolean, string, number or object' },
      ];
    }
    if (!byType.has(type)) byType.set(type, name);
  }
  if (byType.size <= 1) return [];
  const found = [...byType].map(([type, name]) => `${type} ("${name}")`).join(', ');
  return [{ path, message: `all variants of a flag must have one type; found ${found}` }];
}

/** The type of a flag's variants (undefined for a flag without any). */
export function variantsType(variants: Readonly<Record<string, JsonValue>>): string | undefined {
  const first = Object.values(variants)[0];
  return first === undefined ? undefined : valueType(first);
}

/** Dropping a variant that an environment serves by default is refused, naming each such environment. */
export function droppedDefaultIssues(
  configs: readonly FlagConfig[],
  variants: Readonly<Record<string, unknown>>,
  environmentKey: (environmentId: string) => string | undefined,
  path: string,
): Issue[] {
  return configs
    .filter((c) => c.defaultVariant !== null && !Object.hasOwn(variants, c.defaultVariant))
    .map((c) => ({
      path,
      message: `variant "${c.defaultVariant}" is the default variant in environment "${environmentKey(c.environmentId)}"; change that first`,
    }));
}

/**
 * Changing the type of a flag's variants while it is enabled somewhere breaks every SDK asking
 * for the old type (TYPE_MISMATCH): refused unless forced.
 */
export function assertTypeChangeAllowed(
  flag: Flag,
  next: Readonly<Record<string, JsonValue>>,
  configs: readonly FlagConfig[],
  environmentKey: (environmentId: string) => string | undefined,
  force: boolean,
): void {
  const before = variantsType(flag.variants);
  const after = variantsType(next);
  if (force || before === after) return;
  const enabled = configs
    .filter((c) => c.state === 'ENABLED')
    .map((c) => `"${environmentKey(c.environmentId)}"`);
  if (enabled.length === 0) return;
  throw conflict(
    `the variants of flag "${flag.key}" would change type from ${before} to ${after} while it is ENABLED in ${enabled.join(', ')}: ` +
      'applications asking for a ' +
      `${before} would get TYPE_MISMATCH. Disable it there first, or force the change (?force=true)`,
  );
}
