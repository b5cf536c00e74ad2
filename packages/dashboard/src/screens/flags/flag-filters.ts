import type { FlagState, FlagSummary } from '../../api/types.js';

export interface FlagFilters {
  search: string;
  kind: string;
  owner: string;
  tag: string;
  /** Environment whose state `state` filters on. */
  environment: string;
  state: '' | FlagState;
  staleOnly: boolean;
}

export const NO_FILTERS: FlagFilters = {
  search: '',
  kind: '',
  owner: '',
  tag: '',
  environment: '',
  state: '',
  staleOnly: false,
};

/** Stale as the server judges it: its lifecycle rules give the reasons. */
export function isStale(flag: FlagSummary): boolean {
  return flag.stale.reasons.length > 0;
}

/** Why a flag is stale, for its badge's tooltip. */
export function staleReasons(flag: FlagSummary): string {
  return flag.stale.reasons.map((r) => r.message).join('; ');
}

export function filterFlags(flags: readonly FlagSummary[], filters: FlagFilters): FlagSummary[] {
  const needle = filters.search.trim().toLowerCase();
  return flags.filter((flag) => {
    if (
      needle &&
      !flag.key.toLowerCase().includes(needle) &&
      !flag.name.toLowerCase().includes(needle) &&
      !flag.description.toLowerCase().includes(needle)
    )
      return false;
    if (filters.kind && flag.kind !== filters.kind) return false;
    if (filters.owner && flag.owner !== filters.owner) return false;
    if (filters.tag && !flag.tags.includes(filters.tag)) return false;
    if (filters.state && filters.environment) {
      const state = flag.environments[filters.environment]?.state ?? 'DISABLED';
      if (state !== filters.state) return false;
    }
    if (filters.staleOnly && !isStale(flag)) return false;
    return true;
  });
}

/** Distinct owners and tags, sorted, for the filter menus. */
export function facets(flags: readonly FlagSummary[]): { owners: string[]; tags: string[] } {
  const owners = new Set<string>();
  const tags = new Set<string>();
  for (const flag of flags) {
    if (flag.owner) owners.add(flag.owner);
    for (const tag of flag.tags) tags.add(tag);
  }
  return { owners: [...owners].sort(), tags: [...tags].sort() };
}
