import type { FastifyInstance } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import type { FlagStore } from '../flags/flag-store.js';
import { installInputGuard } from '../http/input-guard.js';
import type { RolloutStore } from '../rollouts/rollout-store.js';
import type { DialectName, Queryable } from '../storage/database.js';
import { alertStore } from './alert-store.js';
import { registerAlertmanagerRoutes } from './alertmanager-routes.js';
import { alertmanagerService } from './alertmanager-service.js';
import { registerArgoRoutes } from './argo-routes.js';
import { registerFlaggerRoutes } from './flagger-routes.js';
import { type AuthenticateToken, installBodyTokenAuthentication } from './integration-authentication.js';
import { integrationTargets } from './integration-targets.js';

export interface IntegrationDeps {
  db: Queryable;
  dialect: DialectName;
  commands: CommandExecutor;
  flags: (db: Queryable) => FlagStore;
  rollouts: (db: Queryable, dialect: DialectName) => RolloutStore;
}

/** Alertmanager and Argo: inside the admin API, authenticated as it is (`Authorization: Bearer`). */
export function registerIntegrationRoutes(admin: FastifyInstance, deps: IntegrationDeps): void {
  const targets = integrationTargets(deps);
  const service = alertmanagerService({ ...deps, targets, alerts: alertStore });
  registerAlertmanagerRoutes(admin, { service, alerts: () => alertStore(deps.db) });
  registerArgoRoutes(admin, { ...deps, targets });
}

/** Flagger: its own scope under `prefix`, where the token may come in the body (Flagger sends no headers). */
export function registerFlaggerIntegration(
  app: FastifyInstance,
  deps: IntegrationDeps & { authenticate: AuthenticateToken },
  prefix: string,
): void {
  app.register(
    async (scope) => {
      installBodyTokenAuthentication(scope, deps.authenticate);
      installInputGuard(scope);
      scope.removeContentTypeParser('text/plain');
      registerFlaggerRoutes(scope, { ...deps, targets: integrationTargets(deps) });
    },
    { prefix },
  );
}
