import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDir } from './support/temp-dir.js';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

/**
 * `switchyard apply` against the real server where production requires one approval: the file's
 * production change becomes a change request (202) and is not applied; once another person approves
 * and it is applied, applying the same file again has nothing left to do.
 */
const PRODUCTION = '/projects/default/environments/production';
let server: TestServer;
let reviewer: string;
const dir = new TempDir();

interface ChangeRequest {
  id: string;
  status: string;
  environments: string[];
  command: { action: string; target: Record<string, string>; payload: Record<string, unknown> };
}

beforeAll(async () => {
  server = await startTestServer();
  await createFlag(server, 'checkout');
  await server.api('PUT', `${PRODUCTION}/approval-policy`, {
    requiredApprovals: 1,
    approverRoles: ['editor', 'admin'],
  });
  reviewer = (await server.api<{ token: string }>('POST', '/admin-tokens', { name: 'rita', role: 'editor' }))
    .token;
  dir.write(
    'shop.yaml',
    [
      'version: 1',
      'project: default',
      'flags:',
      '  checkout:',
      '    variants: { on: true, off: false }',
      'environments:',
      '  production:',
      '    flags:',
      '      checkout: { state: ENABLED, defaultVariant: "on" }',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await server?.close();
  dir.remove();
});

const productionConfig = () =>
  server.api<{ state: string; defaultVariant: string }>('GET', `${PRODUCTION}/flags/checkout`);
const changeRequests = async (status?: string) =>
  (
    await server.api<{ changeRequests: ChangeRequest[] }>(
      'GET',
      `/projects/default/change-requests${status ? `?status=${status}` : ''}`,
    )
  ).changeRequests;

describe('switchyard apply where the environment requires approval', () => {
  it('opens a change request instead of applying, and applies nothing until it is approved and applied', async () => {
    const run = await server.cli(['apply', '-f', 'shop.yaml'], dir.path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  ~ flag checkout in production\n');
    expect(run.stdout).toContain('      state: "DISABLED" -> "ENABLED"\n');
    const opened = await changeRequests('pending');
    expect(opened).toHaveLength(1);
    const request = opened[0]!;
    expect(run.stdout).toContain(
      `flag checkout in production: change request ${request.id} opened (the environment requires approval)\n`,
    );
    expect(run.stdout).toMatch(
      /Apply complete: 0 changes applied, 1 waiting for approval as change requests\.\n$/,
    );
    expect(request.environments).toEqual(['production']);
    expect(request.command.target).toEqual({
      project: 'default',
      environment: 'production',
      flag: 'checkout',
    });
    expect(request.command.payload).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });
    expect(await productionConfig()).toMatchObject({ state: 'DISABLED', defaultVariant: 'off' });

    // Applying the file again while the request waits opens another request: nothing was applied.
    const again = await server.cli(['apply', '-f', 'shop.yaml'], dir.path);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('1 waiting for approval as change requests.');
    const waiting = await changeRequests('pending');
    expect(waiting).toHaveLength(2);
    await server.api('POST', `/projects/default/change-requests/${waiting[0]!.id}/cancel`);
    expect(await productionConfig()).toMatchObject({ state: 'DISABLED' });

    // The requester may not approve; another editor may, and then it applies.
    await expect(
      server.api('POST', `/projects/default/change-requests/${request.id}/approve`, {}),
    ).rejects.toThrow(/403.*cannot review their own change request/);
    await server.api('POST', `/projects/default/change-requests/${request.id}/approve`, {}, reviewer);
    expect(await productionConfig()).toMatchObject({ state: 'DISABLED' });
    const applied = await server.api<ChangeRequest>(
      'POST',
      `/projects/default/change-requests/${request.id}/apply`,
      {},
    );
    expect(applied.status).toBe('applied');
    expect(await productionConfig()).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });

    const last = await server.cli(['apply', '-f', 'shop.yaml'], dir.path);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toContain('No changes: the server matches the file.');
    expect(last.stdout).not.toContain('change request');
    expect(await changeRequests('pending')).toHaveLength(0);
  });
});
