import type { FlagSetDocument } from '@switchyard/core';
import {
  flagKinds,
  type ProjectDocument,
  type ProjectFlag,
  type ProjectFlagConfig,
  type ProjectSegment,
} from '@switchyard/flag-files';

/**
 * A flagd flag set (one or several files combined as flagd combines them) as a project document
 * for one environment: variants and metadata become the flags, state, default variant and targeting
 * their configuration in `environment`, `$evaluators` its segments. flagd's metadata conventions
 * `kind` and `owner` fill the flag's kind and owner, as the server's flag-set import does.
 */
export function projectFromFlagd(
  document: FlagSetDocument,
  project: string,
  environment: string,
): ProjectDocument {
  const flags: Record<string, ProjectFlag> = {};
  const configs: Record<string, ProjectFlagConfig> = {};
  for (const [key, flag] of Object.entries(document.flags)) {
    const { kind, owner, ...metadata } = flag.metadata ?? {};
    flags[key] = {
      ...(typeof kind === 'string' &&
        flagKinds.includes(kind as never) && { kind: kind as ProjectFlag['kind'] }),
      ...(typeof owner === 'string' && { owner }),
      variants: flag.variants,
      ...(Object.keys(metadata).length > 0 && { metadata }),
    };
    configs[key] = {
      state: flag.state,
      defaultVariant: flag.defaultVariant ?? null,
      ...(flag.targeting !== undefined && { targeting: flag.targeting }),
    };
  }
  const segments: Record<string, ProjectSegment> = {};
  for (const [key, rule] of Object.entries(document.$evaluators ?? {})) {
    segments[key] = { rule: rule as ProjectSegment['rule'] };
  }
  return {
    version: 1,
    project,
    flags,
    environments: {
      [environment]: { ...(Object.keys(segments).length > 0 && { segments }), flags: configs },
    },
  };
}
