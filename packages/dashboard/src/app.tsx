import { useEffect, useState } from 'react';
import { currentSession, signOut } from './api/session.js';
import type { Session } from './api/types.js';
import { describeError } from './api/use-resource.js';
import { LiveChanges } from './live/changes.js';
import { SignIn } from './screens/sign-in.js';
import { preloadFirstScreen, Shell } from './shell.js';

export function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    currentSession().then(setSession, (failure: unknown) => {
      setError(describeError(failure));
      setSession(null);
    });
    preloadFirstScreen(window.location.pathname);
  }, []);
  if (session === undefined) return <p className="loading">Loading…</p>;
  if (session === null) return <SignIn onSignedIn={setSession} initialError={error} />;
  const leave = async () => {
    await signOut().catch(() => undefined);
    setSession(null);
  };
  return (
    <LiveChanges>
      <Shell session={session} onSignOut={leave} />
    </LiveChanges>
  );
}
