import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A report the SDK posted, as received. */
export interface ReceivedReport {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed JSON body (undefined when it is not JSON). */
  body: unknown;
}

/** How the receiver answers one report; `hang` never answers. */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | 'hang';

export interface ReportReceiver {
  url: string;
  reports: ReceivedReport[];
  /** Reports posted to one path (`telemetry` or `events`). */
  to(kind: 'telemetry' | 'events'): ReceivedReport[];
  /** Sets how the following reports are answered (default: 202, with an `accepted` count for events). */
  answerWith(answer: (report: ReceivedReport) => Answer): void;
  /** Waits until `count` reports reached the path. */
  waitFor(kind: 'telemetry' | 'events', count?: number, timeoutMs?: number): Promise<ReceivedReport[]>;
  close(): Promise<void>;
}

const REPORT_PATHS = new Set(['/sdk/v1/telemetry', '/sdk/v1/events']);

function defaultAnswer(report: ReceivedReport): Answer {
  if (report.path === '/sdk/v1/events') {
    const events = (report.body as { events?: unknown } | undefined)?.events;
    const count = Array.isArray(events) ? events.length : 0;
    return { status: 202, body: { accepted: count, rejected: 0, errors: [] } };
  }
  return { status: 202 };
}

/**
 * Plays the server's side of `POST /sdk/v1/telemetry` and `POST /sdk/v1/events` on loopback, and
 * passes everything else (the flag-set sync, its stream) through to a real Switchyard server.
 */
export async function startReportReceiver(upstream: string): Promise<ReportReceiver> {
  const reports: ReceivedReport[] = [];
  const waiters = new Set<() => void>();
  let answer = defaultAnswer;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://receiver');
    if (!REPORT_PATHS.has(url.pathname)) {
      forward(request, response, upstream);
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
      const report = { path: url.pathname, query: url.searchParams, headers: request.headers, text, body };
      reports.push(report);
      for (const wake of waiters) wake();
      const reply = answer(report);
      if (reply === 'hang') return;
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const to = (kind: 'telemetry' | 'events') => reports.filter((r) => r.path === `/sdk/v1/${kind}`);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    reports,
    to,
    answerWith(next) {
      answer = next;
    },
    waitFor(kind, count = 1, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (to(kind).length < count) return;
          cleanup();
          resolve(to(kind));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${to(kind).length} ${kind} reports after ${timeoutMs} ms, expected ${count}`));
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
