import { useCallback, useEffect, useState } from 'react';
import { useLive } from '../live/changes.js';
import { loadApprovalPolicy } from './change-requests.js';
import type { ApprovalPolicy } from './types.js';
import { describeError } from './use-resource.js';

export interface ApprovalPolicies {
  /** Per environment key: its policy, or null when it has none. Undefined until loaded. */
  policies: ReadonlyMap<string, ApprovalPolicy | null> | undefined;
  error: string | null;
  reload: () => void;
}

/** The approval policies of some environments (one GET each), again whenever a change is announced. */
export function useApprovalPolicies(project: string, environments: readonly string[]): ApprovalPolicies {
  const { revision } = useLive();
  const [policies, setPolicies] = useState<ReadonlyMap<string, ApprovalPolicy | null> | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const keys = environments.join('\n');
  useEffect(() => {
    let live = true;
    const list = keys === '' ? [] : keys.split('\n');
    Promise.all(list.map((env) => loadApprovalPolicy(project, env))).then(
      (found) => {
        if (!live) return;
        setPolicies(new Map(list.map((env, i) => [env, found[i] ?? null])));
        setError(null);
      },
      (failure: unknown) => {
        if (live) setError(describeError(failure));
      },
    );
    return () => {
      live = false;
    };
  }, [project, keys, revision, tick]);
  return { policies, error, reload };
}
