import type { AuditEntry } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { AuditList } from '../../components/audit-list.js';

export function FlagHistory({ flagKey }: { flagKey: string }) {
  const { project } = useApp();
  const audit = useResource<{ entries: AuditEntry[] }>(
    `/audit?project=${encodeURIComponent(project)}&flag=${encodeURIComponent(flagKey)}&limit=50`,
  );
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ErrorAlert error={audit.error} />
      {audit.data && <AuditList entries={audit.data.entries} />}
    </section>
  );
}
