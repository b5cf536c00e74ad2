import { FlagSet } from '@switchyard/core';
import { loadLaunchpadFlags, locateFlagdTestbed } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/admin-client.js';

// File mode serves the flagd testbed's deliberately broken flags leniently (PARSE_ERROR at evaluation,
// like flagd); the admin API validates every write strictly and must refuse them, changing nothing.
const testbed = locateFlagdTestbed();
const prod = '/api/v1/projects/default/environments/production/flagset';

/** The flag an issue is about; the API reports document paths under `/body`. */
function flagKeyOf(path: string): string | undefined {
  const match = /^(?:\/body)?\/flags\/([^/]+)/.exec(path);
  return match ? match[1]!.replace(/~1/g, '/').replace(/~0/g, '~') : undefined;
}

describe.skipIf(testbed === null)('importing the flagd testbed flags through the admin API', () => {
  let t: TestServer;
  const doc = testbed ? loadLaunchpadFlags(testbed) : {};
  beforeAll(async () => {
    // The testbed's keys include capitals, which the default naming rule refuses; this rule allows them.
    t = await startTestServer('sqlite', { flagKeyPattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' });
  });
  afterAll(() => t?.stop());

  it('refuses the deliberately broken flags, names each problem, and stores nothing', async () => {
    const before = await t.api('GET', prod);
    const answer = await t.api('PUT', prod, doc, { headers: { 'if-match': before.headers.get('etag')! } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    const reported = new Set(
      (answer.body.error.issues as Array<{ path: string }>).map((i) => flagKeyOf(i.path)),
    );
    // Exactly the flags strict validation refuses, no more, no fewer.
    const expected = new Set(FlagSet.validate(doc).map((i) => flagKeyOf(i.path)));
    expect(expected.size).toBeGreaterThan(3);
    expect(reported).toEqual(expected);

    const after = await t.api('GET', prod);
    expect(after.headers.get('etag')).toBe(before.headers.get('etag'));
    expect(after.body).toEqual(before.body);
  });

  it('accepts the rest of the testbed flags once the broken ones are left out', async () => {
    const broken = new Set(FlagSet.validate(doc).map((i) => flagKeyOf(i.path)));
    const flags = Object.fromEntries(
      Object.entries((doc as { flags: Record<string, unknown> }).flags).filter(([key]) => !broken.has(key)),
    );
    const before = await t.api('GET', prod);
    const answer = await t.api(
      'PUT',
      prod,
      { ...doc, flags },
      { headers: { 'if-match': before.headers.get('etag')! } },
    );
    expect(answer.status, JSON.stringify(answer.body).slice(0, 500)).toBe(200);
    expect(answer.body.created.length).toBe(Object.keys(flags).length);
  });
});
