import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';
import { dumpDatabase } from '../support/dump-database.js';
import { storageTargets } from '../support/storage-targets.js';

const targets = await storageTargets('admin API tests (PostgreSQL)');
const P = '/api/v1/projects/default';
const E = `${P}/environments/production`;

describe.each(targets)('safe defaults and strict input on %s', (target) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(target);
  });
  afterAll(() => t?.stop());

  /** Sends a request that must be refused, and checks that nothing stored changed. */
  async function refused(method: string, path: string, body: unknown, status = 400) {
    const before = await dumpDatabase(t.database.location);
    const response = await t.api(method, path, body);
    expect(response.status, response.text).toBe(status);
    expect(await dumpDatabase(t.database.location)).toEqual(before);
    return response;
  }

  it('a boolean flag enabled without a chosen default serves its false ("off") variant, not its first', async () => {
    await t.api('POST', `${P}/flags`, { key: 'sharp', variants: { on: true, off: false } });
    expect((await t.api('PATCH', `${E}/flags/sharp`, { state: 'ENABLED' })).body.defaultVariant).toBe('off');
    const created = await t.api('POST', `${P}/environments`, { key: 'staging' });
    expect(created.status).toBe(201);
    const flagSet = await t.api('GET', `${P}/environments/staging/flagset`);
    expect(flagSet.body.flags.sharp.defaultVariant).toBe('off');
  });

  it('refuses to change the type of variants of a flag enabled somewhere, unless forced', async () => {
    await t.api('POST', `${P}/flags`, { key: 'typed', variants: { on: true, off: false } });
    await t.api('PATCH', `${E}/flags/typed`, { state: 'ENABLED' });
    const refusal = await refused('PATCH', `${P}/flags/typed`, { variants: { on: 'yes', off: 'no' } }, 409);
    expect(refusal.body.error.message).toContain('from boolean to string');
    expect(refusal.body.error.message).toContain('"production"');
    const forced = await t.api('PATCH', `${P}/flags/typed?force=true`, {
      variants: { on: 'yes', off: 'no' },
    });
    expect(forced.status).toBe(200);
    expect(forced.body.variants).toEqual({ on: 'yes', off: 'no' });
    // A disabled flag may change type freely.
    await t.api('POST', `${P}/flags`, { key: 'dark', variants: { on: true, off: false } });
    expect((await t.api('PATCH', `${P}/flags/dark`, { variants: { on: 1, off: 0 } })).status).toBe(200);
  });

  it('reports mixed variant types once, at the request path', async () => {
    const create = await refused('POST', `${P}/flags`, { key: 'mixed', variants: { on: true, off: 'no' } });
    expect(create.body.error.issues).toEqual([
      {
        path: '/body/variants',
        message: 'all variants of a flag must have one type; found boolean ("on"), string ("off")',
      },
    ]);
    await t.api('POST', `${P}/flags`, { key: 'mixable', variants: { a: 'A', b: 'B' } });
    const patch = await refused('PATCH', `${P}/flags/mixable`, { variants: { a: 'A', b: 2 } });
    expect(patch.body.error.issues).toHaveLength(1);
    expect(patch.body.error.issues[0].path).toBe('/body/variants');
  });

  it('limits flag and segment keys to 200 characters, through every route', async () => {
    const long = 'k'.repeat(5000);
    await refused('POST', `${P}/flags`, { key: long, variants: { a: 1 } });
    await refused('POST', `${E}/segments`, { key: long, rule: { '==': [1, 1] } });
    const imported = await refused('PUT', `${E}/flagset`, {
      flags: { [long]: { state: 'ENABLED', variants: { a: 1 }, defaultVariant: 'a' } },
      $evaluators: { [long]: { '==': [1, 1] } },
    });
    expect(imported.body.error.issues.map((i: { message: string }) => i.message).join(' ')).toContain('200');
  });

  it('refuses numbers that JSON cannot hold (1e309) wherever they appear, storing nothing', async () => {
    const infinite = (value: string) => `{"if":[{"<":[{"var":"age"},${value}]},"on","off"]}`;
    for (const [method, path, raw] of [
      [
        'PUT',
        `${E}/flags/sharp`,
        `{"state":"ENABLED","defaultVariant":"off","targeting":${infinite('1e309')}}`,
      ],
      ['POST', `${E}/segments`, `{"key":"inf","rule":{"<":[{"var":"age"},-1e309]}}`],
      [
        'PUT',
        `${E}/flagset`,
        `{"flags":{"f":{"state":"ENABLED","variants":{"a":1,"b":2},"defaultVariant":"a","targeting":{"fractional":[["a",1e309],["b",1]]}}}}`,
      ],
      ['POST', `${P}/flags`, `{"key":"big","variants":{"a":1e309}}`],
    ] as const) {
      const before = await dumpDatabase(t.database.location);
      const response = await t.api(method, path, undefined, { raw });
      expect(response.status, `${method} ${path}`).toBe(400);
      expect(response.body.error.issues[0].message).toContain('too large');
      expect(await dumpDatabase(t.database.location)).toEqual(before);
    }
  });

  it('refuses misspelt flag properties in an import, suggesting the right name, with every other problem', async () => {
    const response = await refused('PUT', `${E}/flagset`, {
      flags: {
        checkout: {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defualtVariant: 'on',
          targetting: {},
        },
        broken: { state: 'MAYBE', variants: { on: true } },
      },
      $evaluator: {},
    });
    const issues: { path: string; message: string }[] = response.body.error.issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '/body/$evaluator', message: 'unknown property "$evaluator"; did you mean "$evaluators"?' },
        {
          path: '/body/flags/checkout/defualtVariant',
          message: 'unknown property "defualtVariant"; did you mean "defaultVariant"?',
        },
        {
          path: '/body/flags/checkout/targetting',
          message: 'unknown property "targetting"; did you mean "targeting"?',
        },
      ]),
    );
    // The unknown top-level key does not hide the document's other problems.
    expect(issues.some((i) => i.path.startsWith('/body/flags/broken/state'))).toBe(true);
  });

  it("takes an imported flag's kind and owner from flagd's metadata conventions", async () => {
    const response = await t.api('PUT', `${P}/environments/development/flagset`, {
      flags: {
        'kill-search': {
          state: 'ENABLED',
          variants: { on: true, off: false },
          defaultVariant: 'on',
          metadata: { kind: 'operational', owner: 'team-search' },
        },
        plain: {
          state: 'ENABLED',
          variants: { on: true },
          defaultVariant: 'on',
          metadata: { kind: 'nonsense' },
        },
      },
    });
    expect(response.status, response.text).toBe(200);
    const imported = await t.api('GET', `${P}/flags/kill-search`);
    expect(imported.body).toMatchObject({ kind: 'operational', owner: 'team-search' });
    expect((await t.api('GET', `${P}/flags/plain`)).body).toMatchObject({ kind: 'release', owner: '' });
  });
});
