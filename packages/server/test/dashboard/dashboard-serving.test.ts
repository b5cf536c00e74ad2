import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type LaunchedChromium, launchChromium } from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateDashboard } from '../../src/dashboard/locate-dashboard.js';
import { startTestServer, type TestServer } from '../support/admin-client.js';

const csp =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// The inline script must not run under the CSP; the bundled one must.
const indexHtml = `<!doctype html><html><head><title>Switchyard</title>
<script type="module" src="/assets/app-3f9a1c2b.js"></script>
<script>document.title = 'inline script ran';</script>
</head><body><div id="root"></div></body></html>`;
const appJs = `document.getElementById('root').textContent = 'bundle ran';
try { eval('1'); document.body.dataset.eval = 'allowed'; } catch { document.body.dataset.eval = 'blocked'; }`;

function expectDashboardHeaders(headers: Headers): void {
  expect(headers.get('content-security-policy')).toBe(csp);
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
}

describe('the built dashboard at /', () => {
  let t: TestServer;
  let dir: string;
  let chromium: LaunchedChromium | null = null;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.server.url}${path}`, { headers });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), indexHtml);
    writeFileSync(join(dir, 'assets', 'app-3f9a1c2b.js'), appJs);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await startTestServer('sqlite', { dashboardDir: dir });
    chromium = await launchChromium('dashboard CSP browser test');
  });
  afterAll(async () => {
    await chromium?.close();
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / under the strict CSP, never cached without revalidation', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expectDashboardHeaders(response.headers);
    expect(await response.text()).toBe(indexHtml);
  });

  it('serves hashed assets for a year, immutable, and other files revalidated', async () => {
    const asset = await get('/assets/app-3f9a1c2b.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectDashboardHeaders(asset.headers);
    expect(await asset.text()).toBe(appJs);
    const icon = await get('/favicon.svg');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client-side routes with index.html, dotted flag keys included', async () => {
    for (const path of ['/flags', '/projects/default/flags/new-checkout', '/settings?tab=tokens']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(indexHtml);
      expectDashboardHeaders(response.headers);
    }
    const dotted = await get('/projects/default/flags/new.checkout', { accept: 'text/html,*/*' });
    expect(await dotted.text()).toBe(indexHtml);
    const head = await fetch(`${t.server.url}/rollouts`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it("never answers the server's own paths, missing files or writes with index.html", async () => {
    const notHtml = [
      '/api/v1/no-such-route',
      '/api',
      '/ofrep/v1/evaluate/flags',
      '/sdk/v1/nothing',
      '/flagd.sync.v1.FlagSyncService/Nothing',
      '/assets/app-00000000.js',
    ];
    for (const path of notHtml) {
      const response = await get(path, { accept: path.startsWith('/assets') ? '*/*' : 'application/json' });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(await response.text(), path).not.toContain('<!doctype html>');
    }
    const missing = await get('/assets/app-00000000.js');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('NOT_FOUND');
    const post = await fetch(`${t.server.url}/flags`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/metrics')).headers.get('content-type')).toMatch(/^text\/plain/);
    // The API keeps its own answers (and no dashboard CSP).
    const api = await t.api('GET', '/api/v1/projects');
    expect(api.status).toBe(200);
    expect(api.headers.get('content-security-policy')).toBeNull();
  });

  it('runs the bundle and refuses inline script and eval in a real browser', async (ctx) => {
    if (!chromium) return ctx.skip();
    const page = await chromium.browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/.test(message.text())) {
        violations.push(message.text());
      }
    });
    await page.goto(`${t.server.url}/flags`);
    await page.waitForFunction(() => document.getElementById('root')?.textContent === 'bundle ran');
    expect(await page.title()).toBe('Switchyard');
    expect(await page.evaluate(() => document.body.dataset.eval)).toBe('blocked');
    expect(violations.length).toBeGreaterThan(0);
    await page.close();
  });
});

describe('without a built dashboard', () => {
  let t: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-no-dashboard-'));
    t = await startTestServer('sqlite', { dashboardDir: join(dir, 'dist') });
  });
  afterAll(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / and client routes with a script-free page saying how to build it', async () => {
    for (const path of ['/', '/flags']) {
      const response = await fetch(`${t.server.url}${path}`);
      expect(response.status).toBe(200);
      expectDashboardHeaders(response.headers);
      const text = await response.text();
      expect(text).toContain('npm run build -w @switchyard/dashboard');
      expect(text).toContain(join(dir, 'dist'));
      expect(text).not.toMatch(/<script|<style|style=/i);
    }
    expect((await t.api('GET', '/api/v1/projects')).status).toBe(200);
  });
});

describe('finding the built dashboard', () => {
  it('takes the dashboard package from node_modules, or the folder it is told', () => {
    const root = mkdtempSync(join(tmpdir(), 'switchyard-locate-'));
    try {
      const packageDir = join(root, 'node_modules', '@switchyard', 'dashboard');
      mkdirSync(packageDir, { recursive: true });
      writeFileSync(join(packageDir, 'package.json'), '{"name":"@switchyard/dashboard","exports":{}}');
      mkdirSync(join(root, 'app', 'lib'), { recursive: true });
      const from = pathToFileURL(join(root, 'app', 'lib', 'server.js')).href;
      expect(locateDashboard(undefined, from)).toBe(join(packageDir, 'dist'));
      expect(locateDashboard('relative/build', from)).toBe(join(process.cwd(), 'relative/build'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
