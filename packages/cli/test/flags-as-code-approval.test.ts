import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli.js';
import { TempDir } from './support/temp-dir.js';

/**
 * The change-request answer (202 with `{ changeRequest }`) comes from the approvals feature; until a
 * server with approval policies runs here, a loopback HTTP server plays its documented contract:
 * an existing project with one environment, planning succeeds, and the write is held for approval.
 */
let http: Server;
let url: string;
const commands: { action: string; expectedVersion?: number }[] = [];
const dir = new TempDir();

beforeAll(async () => {
  http = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const send = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json', ...headers });
        response.end(JSON.stringify(value));
      };
      const path = request.url ?? '';
      if (path === '/api/v1/projects/shop') return send(200, { key: 'shop', version: 1 });
      if (path === '/api/v1/projects/shop/environments') {
        return send(200, { environments: [{ key: 'production', name: 'production' }] });
      }
      if (path === '/api/v1/projects/shop/environments/production/segments')
        return send(200, { segments: [] });
      if (path === '/api/v1/projects/shop/flags') {
        const config = { state: 'DISABLED', defaultVariant: 'off', targeting: null, version: 4 };
        return send(200, {
          flags: [
            {
              key: 'checkout',
              name: 'checkout',
              description: '',
              kind: 'release',
              owner: '',
              tags: [],
              variants: { on: true, off: false },
              metadata: null,
              version: 1,
              environments: { production: config },
            },
          ],
        });
      }
      if (path === '/api/v1/commands/plan')
        return send(200, { action: 'flag-config.replace', changes: [], flagSets: [] });
      if (path === '/api/v1/commands') {
        commands.push(JSON.parse(body));
        return send(
          202,
          { changeRequest: { id: 17, status: 'pending' } },
          {
            location: '/api/v1/projects/shop/change-requests/17',
          },
        );
      }
      send(404, { error: { code: 'NOT_FOUND', message: `no route ${path}` } });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  dir.remove();
});

describe('switchyard apply where the environment requires approval', () => {
  it('reports the change request the server opened instead of failing', async () => {
    dir.write(
      'shop.yaml',
      [
        'version: 1',
        'project: shop',
        'flags:',
        '  checkout:',
        '    variants: { on: true, off: false }',
        'environments:',
        '  production:',
        '    flags:',
        '      checkout: { state: ENABLED, defaultVariant: "off" }',
        '',
      ].join('\n'),
    );
    const run = await runCli(['apply', '-f', 'shop.yaml', '--url', url, '--token', 'any-token'], dir.path);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  ~ flag checkout in production\n      state: "DISABLED" -> "ENABLED"\n');
    expect(run.stdout).toContain(
      'flag checkout in production: change request 17 opened (the environment requires approval)\n',
    );
    expect(run.stdout).toMatch(
      /Apply complete: 0 changes applied, 1 waiting for approval as change requests\.\n$/,
    );
    expect(commands).toEqual([
      {
        action: 'flag-config.replace',
        target: { project: 'shop', environment: 'production', flag: 'checkout' },
        payload: { state: 'ENABLED', defaultVariant: 'off', targeting: null },
        expectedVersion: 4,
      },
    ]);
  });
});
