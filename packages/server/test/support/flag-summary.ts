/** A full flag document, as far as its summary goes. */
interface FullFlag {
  key: string;
  name: string;
  description: string;
  kind: string;
  owner: string;
  tags: string[];
  version: number;
  archivedAt: string | null;
  environments: Record<string, { state: string }>;
  lifecycle: { stage: string };
  stale: { reasons: { code: string; message: string }[] };
}

/** What `?view=summary` must answer for a flag, derived from the full document the list answers. */
export function expectedSummary(flag: FullFlag) {
  return {
    key: flag.key,
    name: flag.name,
    description: flag.description,
    kind: flag.kind,
    owner: flag.owner,
    tags: flag.tags,
    version: flag.version,
    archivedAt: flag.archivedAt,
    environments: Object.fromEntries(
      Object.entries(flag.environments).map(([env, config]) => [env, { state: config.state }]),
    ),
    lifecycle: { stage: flag.lifecycle.stage },
    stale: { reasons: flag.stale.reasons.map(({ code, message }) => ({ code, message })) },
  };
}
