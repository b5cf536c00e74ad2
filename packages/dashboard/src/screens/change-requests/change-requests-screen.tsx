import { useState } from 'react';
import { changeRequestsPath } from '../../api/change-requests.js';
import type { ChangeRequest } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';
import { Link } from '../../router.js';
import { approvalCount, describeCommand, shortId, statuses } from './describe-request.js';

/** The project's change requests, newest first, filtered by status and environment. */
export default function ChangeRequestsScreen() {
  const { project, environments } = useApp();
  const [status, setStatus] = useState('');
  const [environment, setEnvironment] = useState('');
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (environment) query.set('environment', environment);
  const list = useResource<{ changeRequests: ChangeRequest[] }>(
    `${changeRequestsPath(project)}${query.size > 0 ? `?${query}` : ''}`,
  );
  const requests = list.data?.changeRequests ?? [];
  return (
    <section aria-labelledby="change-requests-title">
      <h1 id="change-requests-title">Change requests</h1>
      <p className="muted">
        Changes to an environment with an approval policy wait here until someone else approves them.
      </p>
      <search className="filters" aria-label="Filter the change requests">
        <SelectField label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">any</option>
          {statuses.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </SelectField>
        <SelectField label="Environment" value={environment} onChange={(e) => setEnvironment(e.target.value)}>
          <option value="">any</option>
          {environments.map((e) => (
            <option key={e.key}>{e.key}</option>
          ))}
        </SelectField>
      </search>
      <ErrorAlert error={list.error} />
      {list.data && requests.length === 0 && <p className="muted">No change requests match.</p>}
      {requests.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Change</th>
              <th scope="col">Status</th>
              <th scope="col">Environments</th>
              <th scope="col">Approvals</th>
              <th scope="col">Requested by</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  <Link href={`/change-requests/${encodeURIComponent(r.id)}`}>
                    Change request {shortId(r.id)}
                  </Link>
                </th>
                <td>
                  <code>{describeCommand(r.command)}</code>
                </td>
                <td>{r.status}</td>
                <td>{r.environments.join(', ')}</td>
                <td>{approvalCount(r)}</td>
                <td>{r.requestedBy.name}</td>
                <td>
                  <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
