import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalRequired } from '../../src/change-requests/change-request-view.js';
import type { Command } from '../../src/commands/command.js';
import type { Plan } from '../../src/commands/plan.js';
import type { Access } from '../../src/kernel/access.js';
import type { Actor } from '../../src/kernel/actor.js';
import { systemActor } from '../../src/kernel/actor.js';
import { AppError } from '../../src/kernel/errors.js';
import { dumpDatabase } from '../support/dump-database.js';
import { openStorage, type StorageFixture, stores, testActor } from '../support/storage-fixture.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('command executor suite (PostgreSQL)');

/** An actor whose token is stored (admin-token changes check that the actor's own token is still valid). */
async function actorWith(fixture: StorageFixture, name: string, access: Access): Promise<Actor> {
  const store = stores.adminTokens(fixture.handle.db, fixture.handle.dialect);
  const { token } = await store.insert(
    {
      name,
      ...access,
      projects: access.projects ? [...access.projects] : null,
      grants: [...access.grants],
      actions: access.actions ? [...access.actions] : null,
    },
    new Date().toISOString(),
  );
  return { id: `admin-token:${token.id}`, name, access };
}
const run = (fixture: StorageFixture, command: Command, actor: Actor = testActor) =>
  fixture.services.commands.execute({ command, actor, requestId: 'r' });
const plan = (fixture: StorageFixture, command: Command, actor: Actor = testActor) =>
  fixture.services.commands.plan({ command, actor, requestId: 'r' });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as AppError,
  );

/**
 * Projects `p` and `q`, each with `dev` and `prod`, a flag `f`, and in each environment a segment
 * `s`, an SDK key, a running rollout of flag `r` and a paused one of flag `w`.
 */
async function seed(fixture: StorageFixture): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const project of ['p', 'q']) {
    await run(fixture, {
      action: 'project.create',
      target: {},
      payload: { key: project, environments: [{ key: 'dev' }, { key: 'prod' }] },
    });
    for (const key of ['f', 'r', 'w', 'x', 'old']) {
      await run(fixture, {
        action: 'flag.create',
        target: { project },
        payload: { key, variants: { on: true, off: false } },
      });
    }
    await run(fixture, { action: 'flag.archive', target: { project, flag: 'old' } });
    for (const environment of ['dev', 'prod']) {
      for (const flag of ['r', 'w']) {
        const rollout = (await run(fixture, {
          action: 'rollout.start',
          target: { project, environment },
          payload: { ...rolloutPlan, flag },
        })) as { id: string };
        ids[`${project}/${environment}-${flag}`] = rollout.id;
      }
      await run(fixture, {
        action: 'rollout.pause',
        target: { project, environment, id: ids[`${project}/${environment}-w`]! },
      });
      await run(fixture, {
        action: 'flag.kill-rule.set',
        target: { project, environment, flag: 'w' },
        payload: { maxErrorRate: 0.5, for: '10m' },
      });
      await run(fixture, {
        action: 'segment.create',
        target: { project, environment },
        payload: { key: 's', rule: { '==': [{ var: 'tier' }, 'gold'] } },
      });
      const key = (await run(fixture, {
        action: 'sdk-key.create',
        target: { project, environment },
        payload: { name: 'k', kind: 'server' },
      })) as { id: string };
      ids[`${project}/${environment}-key`] = key.id;
      const schedule = (await run(fixture, {
        action: 'schedule.create',
        target: {},
        payload: enableLater(project, environment),
      })) as { id: string };
      ids[`${project}/${environment}-schedule`] = schedule.id;
      // Experiments on flag x: one stopped, one running; a draft on flag f.
      for (const [key, flag, steps] of [
        ['done', 'x', ['start', 'stop']],
        ['live', 'x', ['start']],
        ['draft', 'f', []],
      ] as const) {
        await run(fixture, {
          action: 'experiment.create',
          target: { project, environment },
          payload: experimentDesign(key, flag),
        });
        for (const step of steps)
          await run(fixture, { action: `experiment.${step}`, target: { project, environment, id: key } });
      }
    }
  }
  const token = (await run(fixture, {
    action: 'admin-token.create',
    target: {},
    payload: { name: 'extra', role: 'viewer' },
  })) as {
    id: string;
  };
  ids.token = token.id;
  // Two more unrestricted admins, so that revoking or demoting one never meets the last-admin rule.
  for (const name of ['spare-1', 'spare-2'])
    await run(fixture, { action: 'admin-token.create', target: {}, payload: { name, role: 'admin' } });
  return ids;
}

const rolloutPlan = {
  variant: 'on',
  control: 'off',
  schedule: { shape: 'custom', steps: [10, 100], interval: '1h' },
  guardrails: [{ metric: 'error-rate', max: 0.05 }],
};

function experimentDesign(key: string, flag: string) {
  return {
    key,
    flag,
    control: 'off',
    weights: { off: 1, on: 1 },
    primaryMetric: { event: 'purchase', type: 'conversion' },
  };
}

/** A schedule's payload: enable flag `f` in an environment, some day. */
function enableLater(project: string, environment: string) {
  return {
    command: {
      action: 'flag-config.update',
      target: { project, environment, flag: 'f' },
      payload: { state: 'ENABLED' },
    },
    at: '2030-01-01T09:00',
    timeZone: 'Europe/Paris',
  };
}

/** One valid command per action, aimed at project `project` (environment `environment` where it applies). */
function commandsFor(project: string, environment: string, ids: Record<string, string>): Command[] {
  const env = { project, environment };
  const running = { ...env, id: ids[`${project}/${environment}-r`]! };
  const paused = { ...env, id: ids[`${project}/${environment}-w`]! };
  const request = { project, id: ids[`${project}/${environment}-cr`] ?? 'none' };
  return [
    { action: 'rollout.start', target: env, payload: { ...rolloutPlan, flag: 'f' } },
    { action: 'rollout.pause', target: running },
    { action: 'rollout.resume', target: paused },
    { action: 'rollout.promote', target: running },
    { action: 'rollout.rollback', target: running },
    {
      action: 'rollout.note',
      target: { ...env, flag: 'r' },
      payload: { reason: 'an event from a deployment tool' },
    },
    { action: 'flag.kill', target: { ...env, flag: 'f' } },
    {
      action: 'flag.kill-rule.set',
      target: { ...env, flag: 'f' },
      payload: { maxErrorRate: 0.2, for: '5m' },
    },
    { action: 'flag.kill-rule.remove', target: { ...env, flag: 'w' } },
    { action: 'project.create', target: {}, payload: { key: `new-${project}` } },
    { action: 'project.update', target: { project }, payload: { description: 'x' } },
    { action: 'project.delete', target: { project } },
    { action: 'environment.create', target: { project }, payload: { key: 'qa' } },
    { action: 'environment.delete', target: env },
    { action: 'flag.create', target: { project }, payload: { key: 'g', variants: { on: true, off: false } } },
    { action: 'flag.update', target: { project, flag: 'f' }, payload: { description: 'x' } },
    { action: 'flag.delete', target: { project, flag: 'f' } },
    { action: 'flag.archive', target: { project, flag: 'f' } },
    { action: 'flag.restore', target: { project, flag: 'old' } },
    { action: 'lifecycle.update', target: { project }, payload: { stale: { notEvaluatedDays: 7 } } },
    {
      action: 'flag-config.replace',
      target: { ...env, flag: 'f' },
      payload: { state: 'ENABLED', defaultVariant: 'on' },
    },
    { action: 'flag-config.update', target: { ...env, flag: 'f' }, payload: { state: 'ENABLED' } },
    { action: 'segment.create', target: env, payload: { key: 't', rule: { '==': [1, 1] } } },
    { action: 'segment.update', target: { ...env, segment: 's' }, payload: { description: 'x' } },
    { action: 'segment.delete', target: { ...env, segment: 's' } },
    {
      action: 'flagset.import',
      target: env,
      // Leaves flags and variants as they are: an environment-scoped change.
      payload: {
        flags: { f: { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'off' } },
        $evaluators: { s: { '==': [{ var: 'tier' }, 'gold'] } },
      },
    },
    { action: 'sdk-key.create', target: env, payload: { name: 'k2', kind: 'client' } },
    { action: 'sdk-key.revoke', target: { ...env, id: ids[`${project}/${environment}-key`]! } },
    { action: 'admin-token.create', target: {}, payload: { name: 'n', role: 'viewer' } },
    { action: 'admin-token.update', target: { id: ids.token! }, payload: { name: 'renamed' } },
    { action: 'admin-token.revoke', target: { id: ids.token! } },
    // Scheduling needs the right to run the command held; so does cancelling another's schedule.
    { action: 'schedule.create', target: {}, payload: enableLater(project, environment) },
    { action: 'schedule.cancel', target: { id: ids[`${project}/${environment}-schedule`]! } },
    { action: 'experiment.create', target: env, payload: experimentDesign('new', 'f') },
    { action: 'experiment.update', target: { ...env, id: 'draft' }, payload: { hypothesis: 'x' } },
    { action: 'experiment.start', target: { ...env, id: 'draft' } },
    { action: 'experiment.stop', target: { ...env, id: 'live' }, payload: { serve: 'on' } },
    { action: 'experiment.delete', target: { ...env, id: 'done' } },
    {
      action: 'code-references.upload',
      target: { project },
      payload: { repository: 'shop', commit: 'c0ffee', references: [{ flag: 'f', file: 'a.ts', line: 1 }] },
    },
    {
      action: 'approval-policy.set',
      target: env,
      payload: { requiredApprovals: 2, approverRoles: ['admin'] },
    },
    { action: 'approval-policy.remove', target: env },
    // A request held in this environment, made by another token and approved by a third.
    ...(['approve', 'reject', 'cancel', 'apply'] as const).map((verb) => ({
      action: `change-request.${verb}`,
      target: request,
    })),
    { action: 'change-request.comment', target: request, payload: { text: 'why?' } },
    {
      action: 'change-request.edit',
      target: request,
      payload: { command: { ...heldChange(project, environment), payload: { state: 'DISABLED' } } },
    },
  ];
}

/** The change the seeded change request of an environment holds. */
function heldChange(project: string, environment: string): Command {
  return {
    action: 'flag-config.update',
    target: { project, environment, flag: 'f' },
    payload: { state: 'ENABLED' },
  };
}

/**
 * In `p/dev` and `q/prod`, an approval policy and an approved change request of a token that none
 * of the matrix principals is.
 */
async function seedChangeRequests(fixture: StorageFixture, ids: Record<string, string>): Promise<void> {
  const requester = await actorWith(fixture, 'requester', { role: 'editor', projects: null, grants: [] });
  const approver = await actorWith(fixture, 'approver', { role: 'admin', projects: null, grants: [] });
  for (const [project, environment] of [
    ['p', 'dev'],
    ['q', 'prod'],
  ] as const) {
    await run(fixture, {
      action: 'approval-policy.set',
      target: { project, environment },
      payload: { requiredApprovals: 1, approverRoles: ['editor', 'admin'] },
    });
    const held = await failure(run(fixture, heldChange(project, environment), requester));
    const id = (held as unknown as ApprovalRequired).changeRequest.id;
    ids[`${project}/${environment}-cr`] = id;
    await run(fixture, { action: 'change-request.approve', target: { project, id } }, approver);
  }
}

/**
 * Who may do what, written out independently of the implementation: the level an action works at
 * and what it needs there.
 */
const actionRules: Record<
  string,
  { level: 'server' | 'project' | 'environment'; needs: 'read' | 'write' | 'admin' | 'requester' }
> = {
  'project.create': { level: 'server', needs: 'write' },
  'project.update': { level: 'project', needs: 'write' },
  'project.delete': { level: 'project', needs: 'write' },
  'environment.create': { level: 'project', needs: 'write' },
  'environment.delete': { level: 'project', needs: 'write' },
  'flag.create': { level: 'project', needs: 'write' },
  'flag.update': { level: 'project', needs: 'write' },
  'flag.delete': { level: 'project', needs: 'write' },
  'flag-config.replace': { level: 'environment', needs: 'write' },
  'flag-config.update': { level: 'environment', needs: 'write' },
  'segment.create': { level: 'environment', needs: 'write' },
  'segment.update': { level: 'environment', needs: 'write' },
  'segment.delete': { level: 'environment', needs: 'write' },
  'flagset.import': { level: 'environment', needs: 'write' },
  'sdk-key.create': { level: 'environment', needs: 'admin' },
  'sdk-key.revoke': { level: 'environment', needs: 'admin' },
  'admin-token.create': { level: 'server', needs: 'admin' },
  'admin-token.update': { level: 'server', needs: 'admin' },
  'admin-token.revoke': { level: 'server', needs: 'admin' },
  'rollout.start': { level: 'environment', needs: 'write' },
  'rollout.pause': { level: 'environment', needs: 'write' },
  'rollout.resume': { level: 'environment', needs: 'write' },
  'rollout.promote': { level: 'environment', needs: 'write' },
  'rollout.rollback': { level: 'environment', needs: 'write' },
  'rollout.note': { level: 'environment', needs: 'write' },
  'flag.kill': { level: 'environment', needs: 'write' },
  'flag.kill-rule.set': { level: 'environment', needs: 'write' },
  'flag.kill-rule.remove': { level: 'environment', needs: 'write' },
  // As the command they hold (a change of flag f in one environment).
  'schedule.create': { level: 'environment', needs: 'write' },
  'schedule.cancel': { level: 'environment', needs: 'write' },
  'experiment.create': { level: 'environment', needs: 'write' },
  'experiment.update': { level: 'environment', needs: 'write' },
  'experiment.start': { level: 'environment', needs: 'write' },
  'experiment.stop': { level: 'environment', needs: 'write' },
  'experiment.delete': { level: 'environment', needs: 'write' },
  'code-references.upload': { level: 'project', needs: 'write' },
  'approval-policy.set': { level: 'environment', needs: 'admin' },
  'approval-policy.remove': { level: 'environment', needs: 'admin' },
  // Reviewers: a role the policy counts (editor or admin here) where the change applies.
  'change-request.approve': { level: 'environment', needs: 'write' },
  'change-request.reject': { level: 'environment', needs: 'write' },
  'change-request.apply': { level: 'environment', needs: 'write' },
  'change-request.cancel': { level: 'environment', needs: 'admin' },
  'change-request.comment': { level: 'environment', needs: 'read' },
  // Its requester only: none of the principals.
  'change-request.edit': { level: 'environment', needs: 'requester' },
  'flag.archive': { level: 'project', needs: 'write' },
  'flag.restore': { level: 'project', needs: 'write' },
  'lifecycle.update': { level: 'project', needs: 'admin' },
};

interface Principal {
  access: Access;
  /** Whether the actor may run an action with this rule, aimed at project p / environment dev (in scope) or q / prod (out). */
  may(rule: (typeof actionRules)[string], inScope: boolean, action: string): boolean;
  /** Whether it reads the target environment (for actions that need reading only). */
  reads: (inScope: boolean) => boolean;
}

const principals: Record<string, Principal> = {
  admin: { access: { role: 'admin', projects: null, grants: [] }, may: () => true, reads: () => true },
  editor: {
    access: { role: 'editor', projects: null, grants: [] },
    may: (rule) => rule.needs === 'write',
    reads: () => true,
  },
  viewer: { access: { role: 'viewer', projects: null, grants: [] }, may: () => false, reads: () => true },
  'editor of project p': {
    access: { role: 'editor', projects: ['p'], grants: [] },
    may: (rule, inScope) => inScope && rule.needs === 'write' && rule.level !== 'server',
    reads: (inScope) => inScope,
  },
  'admin of project p': {
    access: { role: 'admin', projects: ['p'], grants: [] },
    may: (rule, inScope) => inScope && rule.level !== 'server',
    reads: (inScope) => inScope,
  },
  'viewer, editor of p/dev': {
    access: {
      role: 'viewer',
      projects: null,
      grants: [{ role: 'editor', project: 'p', environment: 'dev' }],
    },
    may: (rule, inScope) => inScope && rule.needs === 'write' && rule.level === 'environment',
    reads: () => true,
  },
  'editor limited to rollback and kill': {
    access: { role: 'editor', projects: null, grants: [], actions: ['rollout.rollback', 'flag.kill'] },
    may: (_rule, _inScope, action) => action === 'rollout.rollback' || action === 'flag.kill',
    reads: () => false,
  },
  'admin of project p limited to kill': {
    access: { role: 'admin', projects: ['p'], grants: [], actions: ['flag.kill'] },
    may: (_rule, inScope, action) => inScope && action === 'flag.kill',
    reads: () => false,
  },
};

describe.each(targets)('the command executor on %s', (target) => {
  describe('authorisation: every role × every action × in scope and out of scope', () => {
    let fixture: StorageFixture;
    let ids: Record<string, string>;
    const actors: Record<string, Actor> = {};
    beforeAll(async () => {
      fixture = await openStorage(target);
      ids = await seed(fixture);
      await seedChangeRequests(fixture, ids);
      for (const [who, principal] of Object.entries(principals))
        actors[who] = await actorWith(fixture, who, principal.access);
    });
    afterAll(() => fixture?.close());

    it('lists exactly the actions this matrix covers', () => {
      const actions = fixture.services.commands.definitions().map((d) => d.action);
      expect(actions.sort()).toEqual(Object.keys(actionRules).sort());
    });

    for (const [who, principal] of Object.entries(principals)) {
      for (const inScope of [true, false]) {
        it(`${who}, ${inScope ? 'in' : 'out of'} scope`, async () => {
          const commands = inScope ? commandsFor('p', 'dev', ids) : commandsFor('q', 'prod', ids);
          for (const command of commands) {
            const rule = actionRules[command.action]!;
            // Server-wide actions have no scope to be out of: the "out of scope" run checks them again.
            const error = await failure(plan(fixture, command, actors[who]));
            const expected =
              rule.needs === 'requester'
                ? false
                : rule.needs === 'read'
                  ? principal.reads(inScope)
                  : principal.may(rule, inScope, command.action);
            const what = `${who} ${command.action} ${JSON.stringify(command.target)}`;
            // Both environments have an approval policy: scheduling a change there is refused for
            // that reason, once (and only once) the actor may make the change.
            const heldSchedule = command.action === 'schedule.create';
            if (expected && heldSchedule)
              expect(error?.message, what).toContain('need approval, which a schedule cannot wait for');
            else if (expected) expect(error, `${what}: ${error?.message}`).toBeUndefined();
            else {
              expect(error?.code, what).toBe('FORBIDDEN');
              expect(error?.message, what).toContain('cannot');
              expect(error?.message, what).not.toContain('need approval');
            }
          }
        });
      }
    }

    it('refuses an environment-scoped change that reaches other environments (an import that changes variants)', async () => {
      const devEditor = actors['viewer, editor of p/dev']!;
      const error = await failure(
        plan(
          fixture,
          {
            action: 'flagset.import',
            target: { project: 'p', environment: 'dev' },
            payload: {
              flags: {
                f: {
                  state: 'ENABLED',
                  variants: { on: true, off: false, maybe: false },
                  defaultVariant: 'off',
                },
              },
            },
          },
          devEditor,
        ),
      );
      expect(error?.code).toBe('FORBIDDEN');
      expect(error?.message).toContain('environment "prod" of project "p"');
    });

    it('runs first-start actions for the server itself only', async () => {
      const command = { action: 'admin-token.seed', target: {}, payload: { name: 'x' } };
      expect((await failure(plan(fixture, command, actors.admin)))?.code).toBe('FORBIDDEN');
      expect(await plan(fixture, command, systemActor)).toMatchObject({ action: 'admin-token.seed' });
    });
  });

  describe('planning and executing', () => {
    let fixture: StorageFixture;
    let ids: Record<string, string>;
    // One instant for every change: a plan and its execution then stamp the same times.
    const clock = () => new Date('2026-06-01T09:00:00.000Z');
    beforeEach(async () => {
      fixture = await openStorage(target, { now: clock });
      ids = await seed(fixture);
    });
    afterEach(() => fixture?.close());

    const documents = async () => {
      const result: Record<string, { version: number; document: unknown }> = {};
      for (const project of await stores.projects(fixture.handle.db).list()) {
        for (const { environment, document } of await fixture.services.documents.load(
          fixture.handle.db,
          project.id,
        )) {
          result[`${project.key}/${environment.key}`] = { version: environment.version, document };
        }
      }
      return result;
    };

    it('plans exactly what executing then does, and a plan changes nothing', async () => {
      const commands: Command[] = [
        {
          action: 'flag.update',
          target: { project: 'p', flag: 'f' },
          payload: { variants: { on: true, off: false, dark: false } },
        },
        {
          action: 'flag-config.replace',
          target: { project: 'p', environment: 'prod', flag: 'f' },
          payload: {
            state: 'ENABLED',
            defaultVariant: 'off',
            targeting: { if: [{ $ref: 's' }, 'on', 'off'] },
          },
        },
        { action: 'environment.create', target: { project: 'p' }, payload: { key: 'qa' } },
        { action: 'segment.delete', target: { project: 'q', environment: 'dev', segment: 's' } },
        { action: 'environment.delete', target: { project: 'q', environment: 'prod' } },
        { action: 'project.create', target: {}, payload: { key: 'r', environments: [{ key: 'only' }] } },
      ];
      for (const command of commands) {
        const stateBefore = await dumpDatabase(fixture.database.location);
        const documentsBefore = await documents();
        const planned: Plan = await plan(fixture, command);
        expect(await dumpDatabase(fixture.database.location), `${command.action} plan wrote`).toEqual(
          stateBefore,
        );

        const auditBefore = (await stores.audit(fixture.handle.db).query({ limit: 1 }))[0]?.id ?? 0;
        await run(fixture, command);
        const written = (await stores.audit(fixture.handle.db).query({ limit: 100 }))
          .filter((e) => e.id > auditBefore)
          .reverse();
        expect(
          planned.changes.map((c) => ({
            action: c.action,
            resource: c.resource,
            before: c.before,
            after: c.after,
            changes: c.changes,
          })),
          command.action,
        ).toEqual(
          written.map((e) => ({
            action: e.action,
            resource: e.resource,
            before: e.before,
            after: e.after,
            changes: e.changes,
          })),
        );
        const documentsAfter = await documents();
        const changedKeys = Object.keys({ ...documentsBefore, ...documentsAfter }).filter(
          (key) =>
            JSON.stringify(documentsBefore[key]?.document) !== JSON.stringify(documentsAfter[key]?.document),
        );
        expect(planned.flagSets.map((f) => `${f.project}/${f.environment}`).sort(), command.action).toEqual(
          changedKeys.sort(),
        );
        for (const flagSet of planned.flagSets) {
          const key = `${flagSet.project}/${flagSet.environment}`;
          expect(flagSet.version).toBe(documentsBefore[key]?.version ?? 0);
          expect(flagSet.nextVersion).toBe(documentsAfter[key]?.version ?? null);
          for (const [flag, change] of Object.entries(flagSet.flags)) {
            const before =
              (documentsBefore[key]?.document as { flags?: Record<string, unknown> } | undefined)?.flags?.[
                flag
              ] ?? null;
            const after =
              (documentsAfter[key]?.document as { flags?: Record<string, unknown> } | undefined)?.flags?.[
                flag
              ] ?? null;
            expect({ before: change.before, after: change.after }).toEqual({ before, after });
          }
        }
      }
    });

    it('answers a plan with the same refusal as the execution would, naming the problem', async () => {
      const invalid: Command = {
        action: 'flag-config.replace',
        target: { project: 'p', environment: 'prod', flag: 'f' },
        payload: {
          state: 'ENABLED',
          defaultVariant: 'off',
          targeting: { if: [{ $ref: 'no-such' }, 'on', 'off'] },
        },
      };
      const planned = await failure(plan(fixture, invalid));
      const executed = await failure(run(fixture, invalid));
      expect(planned).toBeInstanceOf(AppError);
      expect({ code: planned!.code, issues: planned!.issues }).toEqual({
        code: executed!.code,
        issues: executed!.issues,
      });
      expect(planned!.issues[0]!.message).toContain('no-such');
    });

    it('executes a stored command later against the state then, refusing it with 412 when its version moved', async () => {
      const flag = (await stores
        .flags(fixture.handle.db)
        .find((await stores.projects(fixture.handle.db).find('p'))!.id, 'f'))!;
      const stored = JSON.stringify({
        action: 'flag.update',
        target: { project: 'p', flag: 'f' },
        payload: { description: 'approved change' },
        expectedVersion: flag.version,
        reason: 'change request 12',
      } satisfies Command);
      // Someone else changes the flag in between.
      await run(fixture, {
        action: 'flag.update',
        target: { project: 'p', flag: 'f' },
        payload: { owner: 'someone' },
      });
      const before = await dumpDatabase(fixture.database.location);
      const error = await failure(run(fixture, JSON.parse(stored) as Command));
      expect(error?.code).toBe('PRECONDITION_FAILED');
      expect(error?.message).toContain(`is at version ${flag.version + 1}, not ${flag.version}`);
      expect(await dumpDatabase(fixture.database.location)).toEqual(before);
      // Rewritten against the current version, the same command runs, and its reason is recorded.
      await run(fixture, { ...(JSON.parse(stored) as Command), expectedVersion: flag.version + 1 });
      const [entry] = await stores.audit(fixture.handle.db).query({ limit: 1 });
      expect(entry).toMatchObject({ action: 'flag.update', reason: 'change request 12' });
    });

    it('refuses malformed commands with the field and the problem, and suggests the right action', async () => {
      const unknown = await failure(run(fixture, { action: 'flag.udpate', target: {} }));
      expect(unknown?.issues).toEqual([
        { path: '/action', message: `unknown action "flag.udpate" (did you mean 'flag.update'?)` },
      ]);
      const shape = await failure(
        run(fixture, {
          action: 'flag.update',
          target: { project: 'p', flg: 'f' } as never,
          payload: { descriptoin: 1 },
        }),
      );
      expect(shape?.issues).toEqual(
        expect.arrayContaining([
          { path: '/target/flag', message: 'is required' },
          { path: '/target/flg', message: "is not an allowed property (did you mean 'flag'?)" },
          {
            path: '/payload/descriptoin',
            message: "is not an allowed property (did you mean 'description'?)",
          },
        ]),
      );
      const unversioned = await failure(
        run(fixture, {
          action: 'sdk-key.revoke',
          target: { project: 'p', environment: 'dev', id: ids['p/dev-key']! },
          expectedVersion: 1,
        }),
      );
      expect(unversioned?.issues).toEqual([
        { path: '/expectedVersion', message: 'sdk-key.revoke has no version to expect' },
      ]);
    });
  });
});
