import type { CommandContext } from '../commands/command-definition.js';
import type { Environment } from '../environments/environment-store.js';
import { validationFailed } from '../kernel/errors.js';
import type { Queryable } from '../storage/database.js';
import type { FlagConfig, FlagConfigFields, FlagConfigStore } from './flag-config-store.js';
import { defaultVariantOf } from './flag-rules.js';
import type { Flag, FlagStore } from './flag-store.js';

/**
 * The one place a flag's configuration in an environment is written: when a flag is created (in
 * every environment), when an environment is created (for every flag), by an import, and by the
 * configuration routes. The default variant must be one of the flag's variants.
 */
export function flagConfiguration(deps: {
  flags: (db: Queryable) => FlagStore;
  flagConfigs: (db: Queryable) => FlagConfigStore;
}) {
  /** What a flag starts with in an environment: DISABLED, serving its default variant once enabled. */
  const initial = (flag: Flag): FlagConfigFields => ({
    state: 'DISABLED',
    defaultVariant: defaultVariantOf(flag.variants, flag.defaultVariant),
    targeting: null,
  });

  async function save(
    ctx: CommandContext,
    flag: Flag,
    environment: Environment,
    fields: FlagConfigFields,
    previous: FlagConfig | undefined,
    defaultVariantPath: string,
  ): Promise<FlagConfig> {
    if (fields.defaultVariant !== null && !Object.hasOwn(flag.variants, fields.defaultVariant)) {
      throw validationFailed([
        {
          path: defaultVariantPath,
          message: `"${fields.defaultVariant}" is not a variant of flag "${flag.key}" (${Object.keys(flag.variants).join(', ')})`,
        },
      ]);
    }
    return deps.flagConfigs(ctx.tx).save(flag.id, environment.id, fields, previous, ctx.now);
  }

  return {
    save,
    /** A new flag joins every environment; `overrides` gives some environments their own fields (an import). */
    async addFlag(
      ctx: CommandContext,
      flag: Flag,
      environments: readonly Environment[],
      overrides: ReadonlyMap<string, FlagConfigFields> = new Map(),
    ): Promise<void> {
      for (const environment of environments) {
        const fields = overrides.get(environment.id) ?? initial(flag);
        await save(ctx, flag, environment, fields, undefined, ctx.payloadPath('/defaultVariant'));
      }
    },
    /** A new environment lists every flag of its project from the start. */
    async addEnvironment(ctx: CommandContext, environment: Environment): Promise<void> {
      for (const flag of await deps.flags(ctx.tx).list(environment.projectId)) {
        await deps.flagConfigs(ctx.tx).save(flag.id, environment.id, initial(flag), undefined, ctx.now);
      }
    },
  };
}

export type FlagConfiguration = ReturnType<typeof flagConfiguration>;
