import { readFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

// The CSP the server puts on the dashboard (packages/server/docs/dashboard-server.md).
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface FrontServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the built files on one loopback origin and passes /api, /auth and /sdk to the real server,
 * as the server itself does once it serves the dashboard: used only while the server in this
 * checkout does not serve it yet, so the browser still sees one origin under the same strict CSP.
 */
export async function startFrontServer(distDir: string, apiUrl: string): Promise<FrontServer> {
  const api = new URL(apiUrl);
  const proxy = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = httpRequest(
      {
        host: api.hostname,
        port: api.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: api.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const serveFile = async (req: IncomingMessage, res: ServerResponse) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const relative = normalize(pathname).replace(/^(\.\.[/\\])+/, '');
    let file = join(distDir, relative);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      file = join(distDir, 'index.html');
      body = await readFile(file);
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (/^\/(api|auth|sdk|ofrep)\//.test(path)) proxy(req, res);
    else void serveFile(req, res).catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
