import type { FlagLifecyclePolicy } from '../flags/flag-lifecycle.js';
import { validationFailed } from '../kernel/errors.js';
import type { Queryable } from '../storage/database.js';
import type { EvaluationRecorder } from './evaluation-recorder.js';
import { annotateFlag } from './lifecycle-rules.js';
import { evaluationKey, type LifecycleStore } from './lifecycle-store.js';
import { namingIssues } from './naming-policy.js';

export interface LifecyclePolicyDeps {
  lifecycle: (db: Queryable) => LifecycleStore;
  evaluations: Pick<EvaluationRecorder, 'pendingAt'>;
  now: () => Date;
}

/** The lifecycle feature as the flags feature uses it. */
export function lifecyclePolicy(deps: LifecyclePolicyDeps): FlagLifecyclePolicy {
  return {
    async annotate(db, input) {
      const store = deps.lifecycle(db);
      const { settings } = await store.get(input.projectId);
      const environmentIds = input.environments.map((e) => e.id);
      // Unwritten evaluations first: a batch written meanwhile is then in what the query reads.
      const unwritten = new Map<string, string>();
      for (const flag of input.flags) {
        for (const id of environmentIds) {
          const at = deps.evaluations.pendingAt(id, flag.key);
          if (at !== undefined) unwritten.set(evaluationKey(id, flag.key), at);
        }
      }
      const stored = await store.lastEvaluations(environmentIds);
      const now = deps.now();
      const configsOf = new Map<string, (typeof input.configs)[number][]>();
      for (const config of input.configs) {
        if (!environmentIds.includes(config.environmentId)) continue;
        const list = configsOf.get(config.flagId) ?? [];
        list.push(config);
        configsOf.set(config.flagId, list);
      }
      return (flag) => {
        let lastEvaluatedAt: string | null = null;
        for (const id of environmentIds) {
          const key = evaluationKey(id, flag.key);
          const at = unwritten.get(key) ?? stored.get(key);
          if (at !== undefined && (lastEvaluatedAt === null || at > lastEvaluatedAt)) lastEvaluatedAt = at;
        }
        const configs = configsOf.get(flag.id) ?? [];
        return annotateFlag(
          {
            flag,
            configs,
            environmentCount: environmentIds.length,
            usage: input.usage(flag.key),
            lastEvaluatedAt,
          },
          settings,
          now,
        );
      };
    },
    async checkNewFlag(ctx, flag) {
      const { settings } = await deps.lifecycle(ctx.tx).get(ctx.project!.id);
      const issues = namingIssues(settings.naming, flag, (p) => ctx.payloadPath(p));
      if (issues.length > 0) throw validationFailed(issues);
    },
  };
}
