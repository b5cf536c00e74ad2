import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

/** A committed change the server announced on `GET /api/v1/changes`. */
export interface ChangeEvent {
  project: string;
  environment?: string;
  resource: string;
  key?: string;
  action: string;
  version?: number;
  at: string;
}

interface LiveState {
  /** Grows with every change: screens reload what they show when it moves. */
  revision: number;
  last: ChangeEvent | null;
  connected: boolean;
}

const LiveContext = createContext<LiveState>({ revision: 0, last: null, connected: false });

export function LiveChanges({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LiveState>({ revision: 0, last: null, connected: false });
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/changes', { withCredentials: true });
    source.addEventListener('open', () => setState((s) => ({ ...s, connected: true })));
    source.addEventListener('error', () => setState((s) => ({ ...s, connected: false })));
    source.addEventListener('change', (event) => {
      let change: ChangeEvent | null = null;
      try {
        change = JSON.parse((event as MessageEvent<string>).data) as ChangeEvent;
      } catch {}
      setState((s) => ({ revision: s.revision + 1, last: change, connected: true }));
    });
    return () => source.close();
  }, []);
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}
