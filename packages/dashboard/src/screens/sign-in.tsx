import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { signIn } from '../api/session.js';
import type { Session } from '../api/types.js';
import { describeError } from '../api/use-resource.js';

/** Whether the server offers single sign-on (OpenID Connect), and where it starts. */
interface OidcInfo {
  enabled: boolean;
  label?: string;
  startUrl?: string;
}

export function SignIn({
  onSignedIn,
  initialError,
}: {
  onSignedIn: (session: Session) => void;
  initialError: string | null;
}) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const [sso, setSso] = useState<OidcInfo | null>(null);
  useEffect(() => {
    api.get<OidcInfo>('/sessions/oidc').then(setSso, () => setSso(null));
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await signIn(token.trim());
      // The token only lived in this form: drop it once exchanged for the session cookie.
      setToken('');
      onSignedIn(session);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="sign-in">
      <h1>Switchyard</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label htmlFor="admin-token">Admin token</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          Sign in
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
      {sso?.enabled && sso.startUrl && (
        <p className="sso">
          <a
            href={`${sso.startUrl}?returnTo=${encodeURIComponent(location.pathname === '/' ? '/flags' : location.pathname)}`}
          >
            {sso.label ?? 'Sign in with single sign-on'}
          </a>
        </p>
      )}
    </main>
  );
}
