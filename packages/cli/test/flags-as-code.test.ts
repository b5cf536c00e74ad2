import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProjectFileText } from '@switchyard/flag-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  type FreshDatabase,
  freshDatabase,
  storageTargets,
} from '../../server/test/support/storage-targets.js';
import { ApplyFailure, applyPlan } from '../src/flags-as-code/apply-plan.js';
import { planProject } from '../src/flags-as-code/plan-project.js';
import { readServerProject } from '../src/flags-as-code/server-project.js';
import { ApiClient } from '../src/server-api/api-client.js';
import { TempDir } from './support/temp-dir.js';
import { ADMIN_TOKEN, startTestServer, type TestServer } from './support/test-server.js';

const targets = await storageTargets('flags-as-code CLI tests (PostgreSQL)');

interface AuditPage {
  entries: { action: string }[];
}
interface Environment {
  key: string;
  version: number;
}

// One server per storage target; the tests run in order and build on each other's files (copy.yaml,
// changed.yaml) and state (project `copy`), as a user's session would.
describe.each(targets)('flags as code on %s', (target) => {
  let server: TestServer;
  let database: FreshDatabase;
  const dir = new TempDir();
  const cli = (...args: string[]) => server.cli(args, dir.path);
  const read = (name: string) => readFileSync(join(dir.path, name), 'utf8');
  const auditCount = async (project: string) =>
    (await server.api<AuditPage>('GET', `/audit?project=${project}&limit=500`)).entries.length;
  const environmentVersions = async (project: string) =>
    (
      await server.api<{ environments: Environment[] }>('GET', `/projects/${project}/environments`)
    ).environments.map((e) => `${e.key}@${e.version}`);

  beforeAll(async () => {
    database = await freshDatabase(target);
    server = await startTestServer({ db: database.location });
    // The source project: two flags, a segment that targeting refers to, both environments configured.
    await server.api('POST', '/projects', {
      key: 'shop',
      environments: [{ key: 'staging' }, { key: 'production' }],
    });
    await server.api('POST', '/projects/shop/flags', {
      key: 'new-checkout',
      description: 'The one-page checkout',
      kind: 'release',
      owner: 'team-shop',
      tags: ['checkout', 'web'],
      variants: { on: true, off: false },
    });
    await server.api('POST', '/projects/shop/flags', {
      key: 'banner-colour',
      kind: 'experiment',
      variants: { red: '#f00', blue: '#00f' },
      metadata: { ticket: 'SHOP-12' },
    });
    await server.api('POST', '/projects/shop/environments/production/segments', {
      key: 'beta-users',
      rule: { in: [{ var: 'email' }, ['a@example.com', 'b@example.com']] },
    });
    await server.api('PUT', '/projects/shop/environments/production/flags/new-checkout', {
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: { if: [{ $ref: 'beta-users' }, 'on', 'off'] },
    });
    await server.api('PUT', '/projects/shop/environments/staging/flags/banner-colour', {
      state: 'ENABLED',
      defaultVariant: 'blue',
    });
  });
  afterAll(async () => {
    await server?.close();
    await database?.cleanup();
    dir.remove();
  });

  it('exports a project that, applied to an empty one, reproduces it', async () => {
    const exported = await cli('export', '--project', 'shop', '-o', 'shop.yaml');
    expect(exported.stderr).toBe('Wrote shop.yaml.\n');
    expect(exported.code).toBe(0);
    const text = read('shop.yaml');
    expect(text.split('\n')[0]).toBe(
      `# yaml-language-server: $schema=${server.url}/api/v1/schemas/project.json`,
    );
    const document = parseYaml(text);
    expect(document.flags['new-checkout']).toEqual({
      description: 'The one-page checkout',
      kind: 'release',
      owner: 'team-shop',
      tags: ['checkout', 'web'],
      variants: { on: true, off: false },
    });
    expect(document.environments.production.flags['new-checkout']).toEqual({
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: { if: [{ $ref: 'beta-users' }, 'on', 'off'] },
    });

    dir.write('copy.yaml', stringifyYaml({ ...document, project: 'copy' }));
    const applied = await cli('apply', '-f', 'copy.yaml');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('  + project copy\n');
    expect(applied.stdout).toContain('  + flag new-checkout\n');
    expect(applied.stdout).toContain('  + segment beta-users in production\n');
    expect(applied.stdout).toMatch(/Plan: 4 to create, 4 to update, 0 to delete\.\n/);
    expect(applied.stdout).toMatch(/Apply complete: 8 changes applied\.\n$/);

    const again = await cli('export', '--project', 'copy', '--format', 'json');
    const copy = JSON.parse(again.stdout);
    expect(copy.$schema).toBe(`${server.url}/api/v1/schemas/project.json`);
    const { $schema: _schema, ...copied } = copy;
    expect(copied).toEqual({ ...document, project: 'copy' });
  });

  it('applies the same file twice without a second change: no version bump, no audit entry', async () => {
    const versions = await environmentVersions('copy');
    const entries = await auditCount('copy');
    const flag = await server.api<{ version: number }>('GET', '/projects/copy/flags/new-checkout');
    const second = await cli('apply', '-f', 'copy.yaml');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      'No changes: the server matches the file.\n\nPlan: 0 to create, 0 to update, 0 to delete.\n',
    );
    expect(await environmentVersions('copy')).toEqual(versions);
    expect(await auditCount('copy')).toBe(entries);
    expect((await server.api<{ version: number }>('GET', '/projects/copy/flags/new-checkout')).version).toBe(
      flag.version,
    );
  });

  it('diff exits 0 without changes, 2 with changes (showing them), 1 on errors', async () => {
    expect((await cli('diff', '-f', 'copy.yaml')).code).toBe(0);
    const document = parseYaml(read('copy.yaml'));
    document.environments.staging.flags['new-checkout'].state = 'ENABLED';
    document.flags['banner-colour'].owner = 'growth';
    dir.write('changed.yaml', stringifyYaml(document));
    const changed = await cli('diff', '-f', 'changed.yaml');
    expect(changed.code).toBe(2);
    expect(changed.stdout).toBe(
      [
        '  ~ flag banner-colour',
        '      owner: "" -> "growth"',
        '  ~ flag new-checkout in staging',
        '      state: "DISABLED" -> "ENABLED"',
        '',
        'Plan: 0 to create, 2 to update, 0 to delete.',
        '',
      ].join('\n'),
    );
    const missingFile = await cli('diff', '-f', 'nowhere.yaml');
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toContain('nowhere.yaml');
    const usage = await cli('diff');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("option '-f FILE' is required");
    const unreachable = await server.cli(
      ['diff', '-f', 'copy.yaml', '--url', 'http://127.0.0.1:9'],
      dir.path,
    );
    expect(unreachable.code).toBe(1);
  });

  it('--dry-run prints the plan and changes nothing', async () => {
    const entries = await auditCount('copy');
    const versions = await environmentVersions('copy');
    const run = await cli('apply', '-f', 'changed.yaml', '--dry-run');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Plan: 0 to create, 2 to update, 0 to delete\.\n\nDry run: the server accepts every change; nothing was changed\.\n$/,
    );
    expect(await auditCount('copy')).toBe(entries);
    expect(await environmentVersions('copy')).toEqual(versions);
    expect((await cli('diff', '-f', 'changed.yaml')).code).toBe(2);
  });

  it('keeps what the file leaves out unless --prune, which deletes it', async () => {
    await server.api('POST', '/projects/copy/flags', { key: 'old-flag', variants: { on: true, off: false } });
    await server.api('POST', '/projects/copy/environments/staging/segments', {
      key: 'old-segment',
      rule: { '==': [1, 1] },
    });
    const kept = await cli('apply', '-f', 'copy.yaml');
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain(
      'Not in the file, kept (--prune deletes them): flag old-flag, segment old-segment in staging.',
    );
    await server.api('GET', '/projects/copy/flags/old-flag');
    const diff = await cli('diff', '-f', 'copy.yaml', '--prune');
    expect(diff.code).toBe(2);
    expect(diff.stdout).toContain('  - flag old-flag\n  - segment old-segment in staging\n');
    const pruned = await cli('apply', '-f', 'copy.yaml', '--prune', '--reason', 'clean-up SHOP-9');
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain('Plan: 0 to create, 0 to update, 2 to delete.');
    const audit = await server.api<{ entries: { action: string; reason: string | null }[] }>(
      'GET',
      '/audit?project=copy&limit=2',
    );
    expect(audit.entries.map((e) => [e.action, e.reason])).toEqual([
      ['segment.delete', 'clean-up SHOP-9'],
      ['flag.delete', 'clean-up SHOP-9'],
    ]);
    await expect(server.api('GET', '/projects/copy/flags/old-flag')).rejects.toThrow(/404/);
    await expect(
      server.api('GET', '/projects/copy/environments/staging/segments/old-segment'),
    ).rejects.toThrow(/404/);
    expect((await cli('diff', '-f', 'copy.yaml', '--prune')).code).toBe(0);
  });

  it('refuses an invalid file naming file, line and path, before asking the server anything', async () => {
    const entries = await auditCount('copy');
    dir.write(
      'broken.yaml',
      [
        'version: 1',
        'project: copy',
        'flags:',
        '  new-checkout:',
        '    kind: relase',
        '    variants: { on: true, off: false }',
        'environments:',
        '  production:',
        '    flags:',
        '      new-checkout:',
        '        state: ENABLED',
        '        defualtVariant: on',
        '',
      ].join('\n'),
    );
    const run = await cli('apply', '-f', 'broken.yaml');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('broken.yaml is not a valid project file (2 problems)');
    expect(run.stderr).toContain(
      `broken.yaml:5:11: /flags/new-checkout/kind: must be one of release, experiment, operational, permission, got "relase" (did you mean 'release'?)`,
    );
    expect(run.stderr).toContain(
      `broken.yaml:12:25: /environments/production/flags/new-checkout/defualtVariant: unknown property "defualtVariant" (did you mean 'defaultVariant'?)`,
    );
    expect(await auditCount('copy')).toBe(entries);
  });

  it('writes nothing when the server refuses one change of the plan', async () => {
    const document = parseYaml(read('copy.yaml'));
    document.flags['banner-colour'].owner = 'growth';
    document.environments.staging.flags['new-checkout'].targeting = {
      if: [{ $ref: 'no-such-segment' }, 'on', 'off'],
    };
    dir.write('refused.yaml', stringifyYaml(document));
    const entries = await auditCount('copy');
    const versions = await environmentVersions('copy');
    const run = await cli('apply', '-f', 'refused.yaml');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Plan: 0 to create, 2 to update, 0 to delete.');
    expect(run.stdout).not.toContain(': done');
    expect(run.stderr).toMatch(/^error: flag new-checkout in staging: .*\(400 /);
    expect(run.stderr).toContain('no-such-segment');
    expect(run.stderr).toContain(
      'Nothing was changed: the server refused the plan before anything was written.',
    );
    const dryRun = await cli('apply', '-f', 'refused.yaml', '--dry-run');
    expect(dryRun.code).toBe(1);
    expect(dryRun.stderr).toContain('no-such-segment');
    expect(await auditCount('copy')).toBe(entries);
    expect(await environmentVersions('copy')).toEqual(versions);
    expect((await server.api<{ owner: string }>('GET', '/projects/copy/flags/banner-colour')).owner).toBe('');
  });

  it('stops cleanly on a concurrent change: 412, nothing written', async () => {
    const document = parseYaml(read('changed.yaml'));
    const parsed = parseProjectFileText('changed.yaml', stringifyYaml(document));
    if (!parsed.ok) throw new Error('the test file should be valid');
    const client = new ApiClient({
      url: server.url,
      token: ADMIN_TOKEN,
      urlSource: '--url',
      tokenSource: '--token',
    });
    const plan = planProject(parsed.document, await readServerProject(client, 'copy'), false);
    expect(plan.changes.map((c) => c.resource)).toEqual([
      'flag banner-colour',
      'flag new-checkout in staging',
    ]);
    // Someone else changes the staging configuration after the plan was made.
    await server.api('PATCH', '/projects/copy/environments/staging/flags/new-checkout', {
      defaultVariant: 'on',
    });
    const entries = await auditCount('copy');
    const versions = await environmentVersions('copy');
    const failure = await applyPlan(client, plan.changes, undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplyFailure);
    expect((failure as ApplyFailure).cause.status).toBe(412);
    expect((failure as ApplyFailure).change.resource).toBe('flag new-checkout in staging');
    expect((failure as ApplyFailure).stage).toBe('check');
    expect(await auditCount('copy')).toBe(entries);
    expect(await environmentVersions('copy')).toEqual(versions);
    const flag = await server.api<{ owner: string }>('GET', '/projects/copy/flags/banner-colour');
    expect(flag.owner).toBe('');
  });

  it('imports flagd files for one environment', async () => {
    dir.write('flagd.json', {
      flags: {
        'dark-mode': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'off',
          targeting: { if: [{ $ref: 'staff' }, 'on', 'off'] },
          metadata: { owner: 'team-ui', kind: 'release' },
        },
      },
      $evaluators: { staff: { ends_with: [{ var: 'email' }, '@example.com'] } },
    });
    const converted = await cli(
      'export',
      '--from-flagd',
      'flagd.json',
      '--project',
      'imported',
      '--environment',
      'production',
      '-o',
      'imported.yaml',
    );
    expect(converted.stderr).toBe('Wrote imported.yaml.\n');
    expect(parseYaml(read('imported.yaml'))).toEqual({
      version: 1,
      project: 'imported',
      flags: { 'dark-mode': { kind: 'release', owner: 'team-ui', variants: { on: true, off: false } } },
      environments: {
        production: {
          segments: { staff: { rule: { ends_with: [{ var: 'email' }, '@example.com'] } } },
          flags: {
            'dark-mode': {
              state: 'ENABLED',
              defaultVariant: 'off',
              targeting: { if: [{ $ref: 'staff' }, 'on', 'off'] },
            },
          },
        },
      },
    });
    expect((await cli('apply', '-f', 'imported.yaml')).code).toBe(0);
    const flagSet = await server.api<{ flags: Record<string, unknown> }>(
      'GET',
      '/projects/imported/environments/production/flagset',
    );
    expect(flagSet.flags['dark-mode']).toMatchObject({
      state: 'ENABLED',
      defaultVariant: 'off',
      targeting: { if: [{ $ref: 'staff' }, 'on', 'off'] },
    });
    expect((await cli('diff', '-f', 'imported.yaml')).code).toBe(0);
  });

  it('publishes the JSON Schema without credentials, and exported files validate against it', async () => {
    const response = await fetch(`${server.url}/api/v1/schemas/project.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/schema+json');
    const schema = await response.json();
    const { default: Ajv2020 } = await import('ajv/dist/2020.js');
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    expect(validate(parseYaml(read('shop.yaml')))).toBe(true);
    expect(validate({ version: 1, project: 'x', flags: { a: { variants: { on: true }, owner: 3 } } })).toBe(
      false,
    );
  });
});
