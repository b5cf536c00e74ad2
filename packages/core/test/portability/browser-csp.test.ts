import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlagSet } from '@switchyard/core';
import {
  type LaunchedChromium,
  launchChromium,
  loadTestkitFlags,
  locateFlagdTestbed,
} from '@switchyard/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const coreDir = fileURLToPath(new URL('../../', import.meta.url));
const distDir = join(coreDir, 'dist');
const testbed = locateFlagdTestbed();

// A page that may only run scripts from its own origin: no eval, no new Function, no inline script.
const CSP = "default-src 'self'; script-src 'self'; object-src 'none'";

const page = `<!doctype html><html><head><script type="module" src="/app.js"></script></head><body></body></html>`;

const app = `
import { FlagSet } from '/core/index.js';
let evalBlocked = false;
try { new Function('return 1')(); } catch { evalBlocked = true; }
const doc = await (await fetch('/flags.json')).json();
const contexts = await (await fetch('/contexts.json')).json();
const set = FlagSet.parse(doc);
const results = contexts.flatMap((ctx) => set.flagKeys.map((key) => [key, set.resolve(key, ctx)]));
window.__done = { evalBlocked, results };
`;

const contexts = [
  {},
  { targetingKey: 'jon@company.com', email: 'ballmer@macrosoft.com' },
  { targetingKey: 'user-7', user: { name: 'jack' }, version: '2.3.1', email: 'someone@example.org' },
  { targetingKey: 'ユーザー', customer: true, age: 30, version: 'v1.2', id: 42 },
];

function serve(doc: unknown): Promise<Server> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'content-security-policy': CSP });
      res.end(body);
    };
    if (url === '/') return send('text/html', page);
    if (url === '/app.js') return send('text/javascript', app);
    if (url === '/flags.json') return send('application/json', JSON.stringify(doc));
    if (url === '/contexts.json') return send('application/json', JSON.stringify(contexts));
    if (url.startsWith('/core/')) {
      const file = normalize(join(distDir, url.slice('/core/'.length)));
      if (file.startsWith(distDir) && file.endsWith('.js'))
        return send('text/javascript', readFileSync(file));
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(testbed === null)('core in a browser under a strict Content-Security-Policy', () => {
  let chromium: LaunchedChromium | null = null;
  let server: Server;
  const doc = testbed ? loadTestkitFlags(testbed) : {};

  beforeAll(async () => {
    // The browser loads the built ES modules exactly as a bundler would ship them.
    execFileSync(process.execPath, [join(coreDir, '../../node_modules/typescript/bin/tsc'), '-b', coreDir]);
    chromium = await launchChromium('core browser test');
    server = await serve(doc);
  });

  afterAll(async () => {
    await chromium?.close();
    server?.close();
  });

  test('evaluates every testbed flag with results identical to Node, while eval is blocked', async (ctx) => {
    if (!chromium) return ctx.skip();
    const tab = await chromium.browser.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab.waitForFunction(
      () => (window as unknown as { __done?: unknown }).__done !== undefined,
      undefined,
      { timeout: 10_000 },
    );
    const done = (await tab.evaluate(() => (window as unknown as { __done: unknown }).__done)) as {
      evalBlocked: boolean;
      results: Array<[string, unknown]>;
    };
    expect(errors).toEqual([]);
    expect(done.evalBlocked).toBe(true);
    const set = FlagSet.parse(doc);
    const expected = contexts.flatMap((c) => set.flagKeys.map((key) => [key, set.resolve(key, c)]));
    expect(done.results).toHaveLength(expected.length);
    expect(JSON.parse(JSON.stringify(done.results))).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});

describe('core has no runtime dependencies on Node', () => {
  test('every import in core/src is relative (no node: built-ins, no packages)', () => {
    const files = execFileSync('git', ['ls-files', '--others', '--cached', '--exclude-standard', 'src'], {
      cwd: coreDir,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const source = readFileSync(join(coreDir, file), 'utf8');
      for (const [, specifier] of source.matchAll(/(?:from|import)\s+'([^']+)'/g)) {
        expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
      }
      expect(source, file).not.toMatch(/\b(process|Buffer|require)\s*[.(]/);
    }
  });
});
