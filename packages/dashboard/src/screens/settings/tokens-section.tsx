import type { AdminToken } from '../../api/types.js';
import { useApp } from '../../app-context.js';
import { CredentialsPanel, DeniedPanel } from '../../components/credentials-panel.js';

const title = 'Admin tokens';
const titleId = 'tokens-title';

/** Admin tokens: only for admins that reach every project (the server refuses everyone else). */
export function TokensSection() {
  const { actor } = useApp();
  if (actor.role !== 'admin' || actor.projects || actor.actions)
    return (
      <DeniedPanel
        title={title}
        titleId={titleId}
        message="Only admins that reach every project manage admin tokens."
      />
    );
  return (
    <CredentialsPanel<AdminToken>
      title={title}
      titleId={titleId}
      path="/admin-tokens"
      listField="adminTokens"
      nameLabel="Token name"
      createLabel="Create admin token"
      choice={{ field: 'role', label: 'Role', values: ['viewer', 'editor', 'admin'] }}
      secret={{ field: 'token', noun: 'token', label: 'New admin token' }}
      revokeLabel={(token) => `Revoke token ${token.name}`}
      statusOf={(token) => (token.revokedAt ? 'revoked' : 'active')}
    />
  );
}
