import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LaunchedChromium, launchChromium } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, testAdminToken } from '../support/admin-client.js';

// A page served by the server as the dashboard is, using the API the way the dashboard does: the
// session cookie (never the token) and the CSRF header, and an EventSource on the change stream.
const indexHtml =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c4d.js"></script></head><body></body></html>';
const appJs = `
window.changes = [];
window.api = async (method, path, body, csrf) => {
  const headers = { 'content-type': 'application/json' };
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
};
window.listen = () => new Promise((resolve) => {
  const source = new EventSource('/api/v1/changes');
  source.addEventListener('change', (event) => window.changes.push(JSON.parse(event.data)));
  source.onopen = () => resolve('open');
  window.source = source;
});
document.body.dataset.ready = 'yes';
`;

type PageWindow = Window & {
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers loosely
  api(method: string, path: string, body?: unknown, csrf?: string): Promise<{ status: number; body: any }>;
  listen(): Promise<string>;
  changes: { key?: string; action: string }[];
};

describe('a dashboard session in a real browser', () => {
  let t: TestServer;
  let dir: string;
  let chromium: LaunchedChromium | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-session-page-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), indexHtml);
    writeFileSync(join(dir, 'assets', 'app-1a2b3c4d.js'), appJs);
    t = await startTestServer('sqlite', { dashboardDir: dir });
    chromium = await launchChromium('dashboard session browser test');
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in, keeps the cookie from scripts, writes with the CSRF token, follows changes, signs out', async (ctx) => {
    if (!chromium) return ctx.skip();
    const page = await chromium.browser.newPage();
    await page.goto(`${t.server.url}/flags`);
    await page.waitForFunction(() => document.body.dataset.ready === 'yes');
    const call = (method: string, path: string, body?: unknown, csrf?: string) =>
      page.evaluate(([m, p, b, c]) => (window as unknown as PageWindow).api(m!, p!, b, c), [
        method,
        path,
        body,
        csrf,
      ] as const);

    expect((await call('GET', '/api/v1/sessions/current')).status).toBe(401);
    const signIn = await call('POST', '/api/v1/sessions', { token: testAdminToken });
    expect(signIn.status).toBe(201);
    const csrf: string = signIn.body.csrfToken;
    // HttpOnly: the page's scripts cannot read the session.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([
      ['switchyard_session', true, 'Strict'],
    ]);
    expect(cookies[0]!.value).not.toContain(testAdminToken);

    expect((await call('GET', '/api/v1/projects')).status).toBe(200);
    expect(await page.evaluate(() => (window as unknown as PageWindow).listen())).toBe('open');
    const flag = { key: 'from-the-browser', variants: { on: true, off: false } };
    const forged = await call('POST', '/api/v1/projects/default/flags', flag);
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_token_invalid');
    expect((await call('POST', '/api/v1/projects/default/flags', flag, csrf)).status).toBe(201);
    // A change made elsewhere (another client, a bearer token) arrives on the page's EventSource.
    await t.api('POST', '/api/v1/projects/default/flags', {
      key: 'from-elsewhere',
      variants: { a: 1, b: 2 },
    });
    await page.waitForFunction(() => (window as unknown as PageWindow).changes.length >= 2);
    const seen = await page.evaluate(() => (window as unknown as PageWindow).changes.map((c) => c.key));
    expect(seen).toEqual(['from-the-browser', 'from-elsewhere']);

    expect((await call('DELETE', '/api/v1/sessions/current', undefined, csrf)).status).toBe(204);
    expect(await page.context().cookies()).toEqual([]);
    expect((await call('GET', '/api/v1/projects')).status).toBe(401);
    await page.close();
  });
});
