import type { Flag, Segment } from '../../api/types.js';
import { useResource } from '../../api/use-resource.js';
import { useApp } from '../../app-context.js';
import { ErrorAlert } from '../../components/alert.js';
import { EnvironmentPicker } from '../../components/environment-picker.js';
import { Link } from '../../router.js';
import { EnvironmentConfig } from './environment-config.js';
import { FlagHistory } from './flag-history.js';
import { StateSwitches } from './state-switches.js';
import { UsagePanel } from './usage-panel.js';
import { VariantsEditor } from './variants-editor.js';

export default function FlagScreen({ flagKey }: { flagKey: string }) {
  const { project, environment } = useApp();
  const base = `/projects/${encodeURIComponent(project)}`;
  const flag = useResource<Flag>(`${base}/flags/${encodeURIComponent(flagKey)}`);
  const segments = useResource<{ segments: Segment[] }>(
    environment ? `${base}/environments/${encodeURIComponent(environment)}/segments` : null,
  );
  const f = flag.data;
  return (
    <section aria-labelledby="flag-title">
      <p>
        <Link href="/flags">← Flags</Link>
      </p>
      <h1 id="flag-title">{flagKey}</h1>
      <ErrorAlert error={flag.error} />
      {f && (
        <>
          <p className="muted">
            {f.name !== f.key && `${f.name} · `}
            {f.kind}
            {f.owner && ` · owned by ${f.owner}`}
            {f.tags.length > 0 && ` · ${f.tags.join(', ')}`}
            {` · ${f.codeReferences.references} code references`}
          </p>
          {f.description && <p>{f.description}</p>}
          <VariantsEditor flag={f} onSaved={flag.reload} />
          <StateSwitches flag={f} onChanged={flag.reload} />
          <EnvironmentPicker />
          {environment && (
            <EnvironmentConfig
              flag={f}
              environment={environment}
              segments={segments.data?.segments ?? []}
              onSaved={flag.reload}
            />
          )}
          {environment && <UsagePanel flagKey={f.key} environment={environment} />}
          <FlagHistory
            flagKey={f.key}
            version={`${f.version}:${Object.values(f.environments)
              .map((c) => c.version)
              .join(',')}`}
          />
        </>
      )}
    </section>
  );
}
