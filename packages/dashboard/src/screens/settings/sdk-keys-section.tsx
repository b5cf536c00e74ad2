import { canAdminister } from '../../api/access.js';
import type { SdkKey } from '../../api/types.js';
import { useApp } from '../../app-context.js';
import { CredentialsPanel, DeniedPanel } from '../../components/credentials-panel.js';
import { EnvironmentPicker } from '../../components/environment-picker.js';

const title = 'SDK keys';
const titleId = 'sdk-keys-title';

export function SdkKeysSection() {
  const { actor, project, environment } = useApp();
  if (!canAdminister(actor, project, environment))
    return <DeniedPanel title={title} titleId={titleId} message="Only admins see and manage SDK keys." />;
  return (
    <CredentialsPanel<SdkKey>
      // A new environment starts a new panel: its form and shown-once secret belong to the old one.
      key={environment}
      title={title}
      titleId={titleId}
      path={
        environment
          ? `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/sdk-keys`
          : null
      }
      listField="sdkKeys"
      nameLabel="Key name"
      createLabel="Create SDK key"
      choice={{ field: 'kind', label: 'Kind', values: ['server', 'client'] }}
      secret={{ field: 'key', noun: 'key', label: 'New SDK key' }}
      revokeLabel={(key) => `Revoke ${key.name}`}
      statusOf={(key) => (key.revokedAt ? `revoked ${new Date(key.revokedAt).toLocaleString()}` : 'active')}
    >
      <EnvironmentPicker />
    </CredentialsPanel>
  );
}
