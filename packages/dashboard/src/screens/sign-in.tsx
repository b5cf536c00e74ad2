import { type FormEvent, useState } from 'react';
import { signIn } from '../api/session.js';
import type { Session } from '../api/types.js';
import { describeError } from '../api/use-resource.js';

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
    </main>
  );
}
