import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  url: string;
  close(): Promise<void>;
}

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Switchyard live flags</title>
<style>
  body { font: 16px system-ui, sans-serif; margin: 2rem; color: #222; }
  dl { display: grid; grid-template-columns: max-content max-content 2rem; gap: .5rem 1.5rem; align-items: center; }
  dt { font-weight: 600; } dd { margin: 0; font-family: monospace; font-size: 1.1rem; }
  .swatch { width: 1.5rem; height: 1.5rem; border: 1px solid #999; }
  #status { color: #666; }
</style>
<script type="module" src="/app.js"></script>
</head>
<body>
<h1>Switchyard live flags</h1>
<dl>
  <dt>new-checkout</dt><dd data-flag="new-checkout">…</dd><span></span>
  <dt>banner-color</dt><dd data-flag="banner-color">…</dd><span class="swatch"></span>
</dl>
<p id="status">loading…</p>
</body>
</html>`;

/**
 * Serves the test page from its own loopback origin, so the page reaches Switchyard cross-origin
 * as a real application would (CORS preflight, exposed ETag, EventSource with an Origin).
 */
export async function startPageServer(bundle: string): Promise<PageServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/app.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(bundle);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
