import { useCallback, useEffect, useState } from 'react';
import { useLive } from '../live/changes.js';
import { ApiError } from './api-error.js';
import { api } from './client.js';

export interface Resource<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * GETs `path` (null: nothing yet), again on reload, when `refreshKey` changes, and whenever the
 * changes stream reports a change.
 */
export function useResource<T>(path: string | null, refreshKey?: string | number): Resource<T> {
  const { revision } = useLive();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setLoading(true);
    api.get<T>(path).then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(failure instanceof ApiError ? failure.describe() : String(failure));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [path, revision, tick, refreshKey]);
  return { data, error, loading, reload };
}

export function describeError(error: unknown): string {
  return error instanceof ApiError
    ? error.describe()
    : error instanceof Error
      ? error.message
      : String(error);
}
