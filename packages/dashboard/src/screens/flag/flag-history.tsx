import type { AuditEntry } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { AuditList } from '../../components/audit-list.js';

/** `version` moves with every change of the flag seen here, so the history follows without a reload. */
export function FlagHistory({ flagKey, version }: { flagKey: string; version: string }) {
  const { project } = useApp();
  const audit = useResource<{ entries: AuditEntry[] }>(
    `/audit?project=${encodeURIComponent(project)}&flag=${encodeURIComponent(flagKey)}&limit=50`,
    version,
  );
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ErrorAlert error={audit.error} />
      {audit.data && <AuditList entries={audit.data.entries} />}
    </section>
  );
}
