/** A flag as `GET …/flags?stale=true` answers it, as far as the report shows it. */
export interface StaleFlag {
  readonly key: string;
  readonly kind: string;
  readonly owner: string;
  readonly lifecycle: { readonly stage: string; readonly rule: string };
  readonly stale: { readonly reasons: readonly { readonly code: string; readonly message: string }[] };
}

/** One block per flag: its key, kind and owner, then one line per reason. */
export function formatStaleReport(project: string, flags: readonly StaleFlag[]): string {
  if (flags.length === 0) return `No stale flags in project ${project}.\n`;
  const noun = flags.length === 1 ? 'flag' : 'flags';
  let out = `${flags.length} stale ${noun} in project ${project}:\n`;
  for (const flag of flags) {
    const owner = flag.owner === '' ? 'no owner' : `owner ${flag.owner}`;
    out += `\n${flag.key} (${flag.kind}, ${owner})\n`;
    for (const reason of flag.stale.reasons) out += `  - ${reason.code}: ${reason.message}\n`;
  }
  return out;
}
