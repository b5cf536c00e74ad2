import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A `POST /sdk/v1/events` that went through, with how it was sent and what the server answered. */
export interface RecordedPost {
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (undefined when it is not JSON). */
  body: unknown;
  status: number;
}

export interface EventsRecorder {
  url: string;
  /** Posts the server has answered, in the order of the answers. */
  posts: RecordedPost[];
  close(): Promise<void>;
}

/**
 * A loopback pass-through to a real Switchyard server that notes every events post on its way
 * (its headers show whether a page sent it by fetch or by beacon). Everything reaches the server.
 */
export async function startEventsRecorder(upstream: string): Promise<EventsRecorder> {
  const posts: RecordedPost[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://recorder');
    if (url.pathname !== '/sdk/v1/events' || request.method !== 'POST') {
      const outgoing = forward(request, response, upstream, () => {});
      // A page that goes away ends its event stream upstream too.
      response.on('close', () => outgoing.destroy());
      request.pipe(outgoing);
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const outgoing = forward(request, response, upstream, (status) => {
        posts.push({ query: url.searchParams, headers: request.headers, body: parse(body), status });
      });
      outgoing.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function forward(
  request: IncomingMessage,
  response: ServerResponse,
  upstream: string,
  answered: (status: number) => void,
) {
  const target = new URL(request.url ?? '/', upstream);
  const outgoing = httpRequest(
    target,
    { method: request.method, headers: { ...request.headers, host: target.host } },
    (incoming) => {
      response.writeHead(incoming.statusCode ?? 502, incoming.headers);
      incoming.pipe(response);
      incoming.on('end', () => answered(incoming.statusCode ?? 502));
    },
  );
  outgoing.on('error', () => response.destroy());
  return outgoing;
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}
