import type { ChangeRequest } from '../../api/types.js';
import { DiffView } from '../../components/diff-view.js';

/** The held command and what it would change: each planned audit entry as a before/after diff. */
export function PlanView({ request }: { request: ChangeRequest }) {
  const { command, plan } = request;
  return (
    <section className="panel" aria-labelledby="plan-title">
      <h2 id="plan-title">What it changes</h2>
      <p>
        <code>{command.action}</code> on{' '}
        {Object.entries(command.target)
          .map(([field, value]) => `${field} ${value}`)
          .join(', ')}
        {command.reason && ` — ${command.reason}`}
      </p>
      {plan.changes.length === 0 && <p className="muted">The plan changes nothing.</p>}
      {plan.changes.map((change, i) => {
        const where = change.environmentKey ? ` in ${change.environmentKey}` : '';
        return (
          <section key={`${change.resource}-${i}`} aria-label={`${change.action} ${change.resource}`}>
            <h3>
              <code>{change.action}</code> {change.flagKey ?? change.resource}
              {where}
            </h3>
            <DiffView
              changes={change.changes}
              label={`${change.action} of ${change.resource}: before and after`}
            />
          </section>
        );
      })}
      {plan.flagSets.length > 0 && (
        <ul className="muted">
          {plan.flagSets.map((set) => (
            <li key={`${set.project}/${set.environment}`}>
              Flag set of {set.environment}: {set.change}
              {set.nextVersion !== null && `, version ${set.version} → ${set.nextVersion}`} (what SDKs
              receive)
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>The command as JSON</summary>
        <pre>{JSON.stringify(command, null, 2)}</pre>
      </details>
    </section>
  );
}
