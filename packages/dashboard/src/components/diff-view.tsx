import type { AuditChange } from '../api/types.js';

function show(value: unknown): string {
  return value === undefined ? '—' : JSON.stringify(value);
}

/** Before/after of each changed path of an audit entry. */
export function DiffView({ changes, label }: { changes: readonly AuditChange[]; label: string }) {
  if (changes.length === 0) return <p className="muted">No field changed.</p>;
  return (
    <table className="diff">
      <caption className="visually-hidden">{label}</caption>
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path}>
            <th scope="row">
              <code>{change.path || '/'}</code>
            </th>
            <td className="before">
              <code>{show(change.before)}</code>
            </td>
            <td className="after">
              <code>{show(change.after)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
