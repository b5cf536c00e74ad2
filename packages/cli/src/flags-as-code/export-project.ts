import type {
  ProjectDocument,
  ProjectEnvironment,
  ProjectFlag,
  ProjectFlagConfig,
  ProjectSegment,
} from '@switchyard/flag-files';
import type { ServerProject } from './server-project.js';

/**
 * The server's project as a project document: everything `apply` manages, keys sorted so that two
 * exports of the same state are the same text. Empty optional fields are left out.
 */
export function exportProject(project: ServerProject): ProjectDocument {
  const flags: Record<string, ProjectFlag> = {};
  for (const flag of sortedBy(project.flags)) {
    flags[flag.key] = {
      ...(flag.name !== '' && flag.name !== flag.key && { name: flag.name }),
      ...(flag.description !== '' && { description: flag.description }),
      kind: flag.kind as ProjectFlag['kind'] & string,
      ...(flag.owner !== '' && { owner: flag.owner }),
      ...(flag.tags.length > 0 && { tags: [...flag.tags] }),
      variants: flag.variants,
      ...(flag.metadata !== null && Object.keys(flag.metadata).length > 0 && { metadata: flag.metadata }),
    };
  }
  const environments: Record<string, ProjectEnvironment> = {};
  for (const environment of sortedBy(project.environments)) {
    const segments: Record<string, ProjectSegment> = {};
    for (const segment of sortedBy(environment.segments)) {
      segments[segment.key] = {
        ...(segment.name !== '' && segment.name !== segment.key && { name: segment.name }),
        ...(segment.description !== '' && { description: segment.description }),
        rule: segment.rule,
      };
    }
    const configs: Record<string, ProjectFlagConfig> = {};
    for (const flag of sortedBy(project.flags)) {
      const config = flag.environments[environment.key];
      if (config === undefined) continue;
      configs[flag.key] = {
        state: config.state,
        defaultVariant: config.defaultVariant,
        ...(config.targeting !== null && { targeting: config.targeting }),
      };
    }
    environments[environment.key] = {
      ...(environment.name !== '' && environment.name !== environment.key && { name: environment.name }),
      ...(Object.keys(segments).length > 0 && { segments }),
      ...(Object.keys(configs).length > 0 && { flags: configs }),
    };
  }
  return { version: 1, project: project.key, flags, environments };
}

function sortedBy<T extends { readonly key: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
