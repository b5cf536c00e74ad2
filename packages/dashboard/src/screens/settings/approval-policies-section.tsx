import { type FormEvent, useEffect, useState } from 'react';
import { canAdminister } from '../../api/access.js';
import { approvalPolicyPath } from '../../api/change-requests.js';
import { api } from '../../api/client.js';
import type { ApprovalPolicy } from '../../api/types.js';
import { useApprovalPolicies } from '../../api/use-approval-policies.js';
import { describeError } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert, Notice } from '../../components/alert.js';
import { SelectField } from '../../components/select-field.js';

type ApproverRole = ApprovalPolicy['approverRoles'][number];
const ROLES: readonly ApproverRole[] = ['editor', 'admin'];

/**
 * Each environment's approval policy: how many people must approve its changes, which roles count,
 * and whether a kill switch or rollback may bypass it. Admins of the environment edit it.
 */
export function ApprovalPoliciesSection() {
  const { actor, project, environments } = useApp();
  const keys = environments.map((e) => e.key);
  const { policies, error: loadError, reload } = useApprovalPolicies(project, keys);
  const editable = keys.filter((env) => canAdminister(actor, project, env));
  const [environment, setEnvironment] = useState('');
  const target = editable.includes(environment) ? environment : (editable[0] ?? '');
  const current = policies?.get(target) ?? null;
  const [required, setRequired] = useState('1');
  const [roles, setRoles] = useState<ApproverRole[]>(['editor', 'admin']);
  const [bypass, setBypass] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const currentKey = JSON.stringify(current);
  // The form starts from the picked environment's policy (or a sensible first one).
  useEffect(() => {
    setRequired(String(current?.requiredApprovals ?? 1));
    setRoles(current?.approverRoles ?? ['editor', 'admin']);
    setBypass(current?.allowEmergencyBypass ?? false);
  }, [target, currentKey]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice(null);
    try {
      await api.put(approvalPolicyPath(project, target), {
        requiredApprovals: Number(required),
        approverRoles: roles,
        allowEmergencyBypass: bypass,
      });
      setNotice(`Changes to ${target} now need approval.`);
    } catch (failure) {
      setError(describeError(failure));
    }
    reload();
  };
  const remove = async () => {
    setError(null);
    setNotice(null);
    try {
      await api.delete(approvalPolicyPath(project, target));
      setNotice(`Changes to ${target} no longer need approval.`);
    } catch (failure) {
      setError(describeError(failure));
    }
    reload();
  };

  return (
    <section className="panel" aria-labelledby="approval-policies-title">
      <h2 id="approval-policies-title">Approval policies</h2>
      <ErrorAlert error={loadError} />
      <table>
        <caption className="visually-hidden">Approval policy of each environment</caption>
        <thead>
          <tr>
            <th scope="col">Environment</th>
            <th scope="col">Required approvals</th>
            <th scope="col">Approver roles</th>
            <th scope="col">Emergency bypass</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((env) => {
            const policy = policies?.get(env);
            return (
              <tr key={env}>
                <th scope="row">{env}</th>
                {policy ? (
                  <>
                    <td>{policy.requiredApprovals}</td>
                    <td>{policy.approverRoles.join(', ')}</td>
                    <td>{policy.allowEmergencyBypass ? 'kill switch and rollback allowed' : 'no'}</td>
                  </>
                ) : (
                  <td colSpan={3} className="muted">
                    {policy === null ? 'No approval needed' : '…'}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable.length > 0 && policies && (
        <form onSubmit={save} className="inline-form" aria-label="Approval policy">
          <SelectField label="Policy for" value={target} onChange={(e) => setEnvironment(e.target.value)}>
            {editable.map((env) => (
              <option key={env}>{env}</option>
            ))}
          </SelectField>
          <label>
            Required approvals{' '}
            <input
              type="number"
              min={1}
              max={10}
              required
              value={required}
              onChange={(e) => setRequired(e.target.value)}
            />
          </label>
          <fieldset className="checks">
            <legend>Approver roles</legend>
            {ROLES.map((role) => (
              <label key={role}>
                <input
                  type="checkbox"
                  checked={roles.includes(role)}
                  onChange={(e) =>
                    setRoles(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))
                  }
                />{' '}
                {role}
              </label>
            ))}
          </fieldset>
          <label>
            <input type="checkbox" checked={bypass} onChange={(e) => setBypass(e.target.checked)} /> Allow
            emergency bypass (kill switch, rollback)
          </label>
          <button type="submit" className="primary" disabled={roles.length === 0}>
            Save approval policy
          </button>
          {current && (
            <button type="button" className="danger" onClick={() => void remove()}>
              Remove approval policy
            </button>
          )}
        </form>
      )}
      <Notice>{notice}</Notice>
      <ErrorAlert error={error} />
    </section>
  );
}
