import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';

/** A committed change the server announced on `GET /api/v1/changes`. */
export interface ChangeEvent {
  project: string;
  environment?: string;
  resource: string;
  key?: string;
  /** The flag it concerns, when it concerns one (a flag, its configuration, its rollout). */
  flag?: string;
  action: string;
  version?: number;
  at: string;
}

type ChangeListener = (change: ChangeEvent | null) => void;

interface LiveState {
  /** Grows with every change: screens reload what they show when it moves. */
  revision: number;
  last: ChangeEvent | null;
  connected: boolean;
  /**
   * Calls `listener` with every change as it arrives (null: one that could not be read), for
   * screens that update only what changed; returns the unsubscribe function.
   */
  subscribe: (listener: ChangeListener) => () => void;
}

const noSubscription = () => () => undefined;
const LiveContext = createContext<LiveState>({
  revision: 0,
  last: null,
  connected: false,
  subscribe: noSubscription,
});

export function LiveChanges({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Omit<LiveState, 'subscribe'>>({
    revision: 0,
    last: null,
    connected: false,
  });
  const listeners = useRef(new Set<ChangeListener>());
  const subscribe = useMemo(
    () => (listener: ChangeListener) => {
      listeners.current.add(listener);
      return () => {
        listeners.current.delete(listener);
      };
    },
    [],
  );
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
      for (const listener of listeners.current) listener(change);
      setState((s) => ({ revision: s.revision + 1, last: change, connected: true }));
    });
    return () => source.close();
  }, []);
  const value = useMemo(() => ({ ...state, subscribe }), [state, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveState {
  return useContext(LiveContext);
}
