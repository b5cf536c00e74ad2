import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFlag, startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer;
let reviewer: string;
beforeAll(async () => {
  server = await startTestServer();
  await createFlag(server, 'checkout');
  await server.api('PUT', '/projects/default/environments/production/approval-policy', {
    requiredApprovals: 1,
    approverRoles: ['editor', 'admin'],
  });
  reviewer = (await server.api<{ token: string }>('POST', '/admin-tokens', { name: 'rita', role: 'editor' }))
    .token;
});
afterAll(() => server?.close());

/** Asks for a change of `checkout` in production: held, it answers 202 with the request. */
async function requestChange(body: Record<string, unknown>): Promise<string> {
  const response = await fetch(
    `${server.url}/api/v1/projects/default/environments/production/flags/checkout`,
    {
      method: 'PATCH',
      headers: { authorization: `Bearer ${server.env.SWITCHYARD_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
  );
  expect(response.status).toBe(202);
  return ((await response.json()) as { changeRequest: { id: string } }).changeRequest.id;
}

describe('switchyard change-request', () => {
  it('lists, shows the diff, refuses self-approval, approves as another token and applies', async () => {
    const id = await requestChange({ state: 'ENABLED', defaultVariant: 'on' });
    const list = await server.cli(['cr', 'list', '--status', 'pending']);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`^ID +STATUS +APPROVALS .*\\n${id} +pending +0/1 +flag-config.update`),
    );

    const show = await server.cli(['change-request', 'show', id]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain(
      'Changes:\n  production: flag checkout\n    /defaultVariant: "off" -> "on"\n    /state: "DISABLED" -> "ENABLED"\n',
    );

    const self = await server.cli(['cr', 'approve', id]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('cannot review their own change request');

    const approved = await server.cli([
      'cr',
      'approve',
      id,
      '--comment',
      'ok',
      '--token',
      reviewer,
      '--format',
      'json',
    ]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(JSON.parse(approved.stdout)).toMatchObject({ status: 'approved', approvals: [{ name: 'rita' }] });

    const applied = await server.cli(['cr', 'apply', id]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/status +applied/);
    const config = await server.api('GET', '/projects/default/environments/production/flags/checkout');
    expect(config).toMatchObject({ state: 'ENABLED', defaultVariant: 'on' });
  });

  it('comments, rejects and cancels; --format json lists', async () => {
    const id = await requestChange({ defaultVariant: 'off' });
    const commented = await server.cli(['cr', 'comment', id, '--comment', 'why now?', '--token', reviewer]);
    expect(commented.code, commented.stderr).toBe(0);
    expect(commented.stdout).toContain('rita comment: why now?');
    const rejected = await server.cli(['cr', 'reject', id, '--token', reviewer]);
    expect(rejected.stdout).toMatch(/status +rejected/);
    const other = await requestChange({ defaultVariant: 'off' });
    expect((await server.cli(['cr', 'cancel', other])).stdout).toMatch(/status +cancelled/);
    const json = await server.cli(['cr', 'list', '--environment', 'production', '--format', 'json']);
    const statuses = (JSON.parse(json.stdout).changeRequests as { id: string; status: string }[]).map((r) => [
      r.id,
      r.status,
    ]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        [id, 'rejected'],
        [other, 'cancelled'],
      ]),
    );
  });

  it('schedules an apply with --at and clears it with unschedule', async () => {
    const id = await requestChange({ defaultVariant: 'off' });
    const scheduled = await server.cli(['cr', 'apply', id, '--at', '2099-01-01T09:00:00Z']);
    expect(scheduled.code, scheduled.stderr).toBe(0);
    expect(scheduled.stdout).toMatch(/apply at +2099-01-01T09:00:00\.000Z/);
    const cleared = await server.cli(['cr', 'unschedule', id, '--format', 'json']);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(JSON.parse(cleared.stdout)).toMatchObject({ id, status: 'pending', applyAt: null });
    const again = await server.cli(['cr', 'unschedule', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`change request ${id} is not scheduled`);
    const misplaced = await server.cli(['cr', 'unschedule', id, '--at', '2099-01-01T09:00:00Z']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain("'--at' does not apply to 'unschedule'");
  });

  it('refuses usage errors with exit 2', async () => {
    const unknown = await server.cli(['cr', 'aprove', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("did you mean 'approve'");
    const status = await server.cli(['cr', 'list', '--status', 'done']);
    expect(status.code).toBe(2);
    const misplaced = await server.cli(['cr', 'show', 'x', '--at', '2030-01-01T00:00:00Z']);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toContain("'--at' does not apply to 'show'");
    const missing = await server.cli(['cr', 'approve']);
    expect(missing.code).toBe(2);
  });
});

describe('a CLI write held for approval', () => {
  it('says which change request holds it and exits 1, changing nothing', async () => {
    await createFlag(server, 'held');
    const run = await server.cli(['kill', '--environment', 'production', '--flag', 'held']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /needs approval in production: it is held as change request \S+ and was not applied yet/,
    );
    const config = await server.api('GET', '/projects/default/environments/production/flags/held');
    expect(config).toMatchObject({ state: 'DISABLED' });
  });
});
