import { ApiError } from './api-error.js';
import { api } from './client.js';
import type { Session } from './types.js';

/** The current session, or null when the cookie is absent or expired. */
export async function currentSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>('/sessions/current');
    api.setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function signIn(token: string): Promise<Session> {
  const session = await api.post<Session>('/sessions', { token });
  api.setCsrfToken(session.csrfToken);
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await api.delete('/sessions/current');
  } finally {
    api.setCsrfToken(null);
  }
}
