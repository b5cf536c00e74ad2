import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `POST /sdk/v1/events` as received. */
export interface ReceivedEvents {
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body (undefined when it is not JSON). */
  body: unknown;
}

/** How the receiver answers one post. */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

export interface EventsReceiver {
  url: string;
  posts: ReceivedEvents[];
  /** Preflight requests (OPTIONS) seen on the events endpoint. */
  preflights: IncomingHttpHeaders[];
  answerWith(answer: (post: ReceivedEvents) => Answer): void;
  /** Holds back the answers to OFREP bulk evaluations by `ms` (0: none). */
  delayEvaluations(ms: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedEvents[]>;
  close(): Promise<void>;
}

const CORS = { 'access-control-allow-origin': '*' };

function accepted(post: ReceivedEvents): Answer {
  const events = (post.body as { events?: unknown } | undefined)?.events;
  return {
    status: 202,
    body: { accepted: Array.isArray(events) ? events.length : 0, rejected: 0, errors: [] },
  };
}

/**
 * Plays the server's side of `POST /sdk/v1/events` on loopback (CORS included, as the server does
 * for every SDK endpoint) and passes everything else (OFREP, its event stream) through to a real
 * Switchyard server.
 */
export async function startEventsReceiver(upstream: string): Promise<EventsReceiver> {
  const posts: ReceivedEvents[] = [];
  const preflights: IncomingHttpHeaders[] = [];
  const waiters = new Set<() => void>();
  let answer = accepted;
  let evaluationDelayMs = 0;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    if (url.pathname !== '/sdk/v1/events') {
      const delay =
        url.pathname === '/ofrep/v1/evaluate/flags' && request.method === 'POST' ? evaluationDelayMs : 0;
      setTimeout(() => forward(request, response, upstream), delay);
      return;
    }
    if (request.method === 'OPTIONS') {
      preflights.push(request.headers);
      response.writeHead(204, {
        ...CORS,
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type, x-api-key, authorization',
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {}
      const post = { query: url.searchParams, headers: request.headers, text, body };
      posts.push(post);
      for (const wake of waiters) wake();
      const reply = answer(post);
      response.writeHead(reply.status, { ...CORS, 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    preflights,
    answerWith(next) {
      answer = next;
    },
    delayEvaluations(ms) {
      evaluationDelayMs = ms;
    },
    waitFor(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (posts.length < count) return;
          cleanup();
          resolve(posts);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${posts.length} event posts after ${timeoutMs} ms, expected ${count}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function forward(request: IncomingMessage, response: ServerResponse, upstream: string): void {
  const target = new URL(request.url ?? '/', upstream);
  const outgoing = httpRequest(
    target,
    { method: request.method, headers: { ...request.headers, host: target.host } },
    (incoming) => {
      response.writeHead(incoming.statusCode ?? 502, incoming.headers);
      incoming.pipe(response);
    },
  );
  outgoing.on('error', () => response.destroy());
  response.on('close', () => outgoing.destroy());
  request.pipe(outgoing);
}
