import type { IncomingMessage, ServerResponse } from 'node:http';
import { cors } from '@connectrpc/connect';
import { SELECTOR_HEADER } from './flagd-credentials.js';

const ALLOW_HEADERS = [...cors.allowedHeaders, 'Authorization', 'X-API-Key', SELECTOR_HEADER].join(', ');
const EXPOSE_HEADERS = cors.exposedHeaders.join(', ');

/**
 * Browsers (the flagd web provider) call from other origins. Like the other SDK endpoints, flagd's
 * authenticate by header, never by cookie, so any origin may call them. Returns true when the request was
 * a preflight and has been answered.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.headers.origin === undefined) return false;
  response.setHeader('access-control-allow-origin', '*');
  response.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  if (request.method !== 'OPTIONS') return false;
  response.writeHead(204, {
    'access-control-allow-methods': cors.allowedMethods.join(', '),
    'access-control-allow-headers': ALLOW_HEADERS,
    'access-control-max-age': '86400',
  });
  response.end();
  return true;
}
