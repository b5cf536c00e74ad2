import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import { parseVersionHeader } from './sdk-http.js';
import { type TakenResponseSocket, takeResponseSocket } from './take-response-socket.js';

/** An event-stream response whose status and headers are in, and whose body is still to read. */
export interface OpenedEventStream {
  status: number;
  contentType: string;
  /** `X-Switchyard-Version`: the version the events sent on connect bring the client to. */
  version: number | undefined;
  /** Hands each decoded chunk to `onText`; resolves when the body ends, rejects when it breaks or `onText` throws. */
  consume(onText: (text: string) => void): Promise<void>;
  /** The (error) answer as a fetch Response, to read its body. */
  asResponse(): Promise<Response>;
  /** Drops the body unread. */
  discard(): void;
}

/** Opens `GET url` with `headers`; the connection closes when `signal` aborts. */
export type EventStreamTransport = (
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
) => Promise<OpenedEventStream>;

/** Over an application-supplied fetch (the `fetch` option): its body as a web ReadableStream. */
export function fetchTransport(fetchImpl: typeof fetch): EventStreamTransport {
  return async (url, headers, signal) => {
    const response = await fetchImpl(url, { headers, signal });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      version: parseVersionHeader(response.headers.get('x-switchyard-version')),
      async consume(onText) {
        if (response.body === null) return;
        const decoder = new TextDecoder();
        for await (const chunk of response.body)
          onText(decoder.decode(chunk as Uint8Array, { stream: true }));
      },
      asResponse: async () => response,
      discard: () => void response.body?.cancel().catch(() => {}),
    };
  };
}

/**
 * Over node:http(s), the default: a long-lived stream read through 'data' events costs far less
 * per chunk than a fetch body (web streams, a promise per read), which counts when a change
 * reaches many providers in one process at once.
 */
export const nodeHttpTransport: EventStreamTransport = (url, headers, signal) =>
  new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.request(url, { method: 'GET', headers, signal });
    request.once('error', reject);
    request.once('response', (response) => {
      request.off('error', reject);
      // Errors after this point surface through consume(); never as an unhandled 'error'.
      request.on('error', () => {});
      response.on('error', () => {});
      resolve({
        status: response.statusCode ?? 0,
        contentType: String(response.headers['content-type'] ?? ''),
        version: parseVersionHeader(response.headers['x-switchyard-version']),
        consume: (onText) => {
          const taken = takeResponseSocket(request, response);
          return taken ? readTakenSocket(taken, onText, signal) : readResponse(response, onText, signal);
        },
        asResponse: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of response) chunks.push(chunk as Buffer);
          return new Response(Buffer.concat(chunks), { status: response.statusCode ?? 0 });
        },
        discard: () => response.destroy(),
      });
    });
    request.end();
  });

const brokenStream = (signal: AbortSignal): unknown =>
  signal.aborted ? signal.reason : new Error('the connection closed in the middle of the stream');

/** The body through the response's own stream (a body that does not run until the connection closes). */
function readResponse(
  response: http.IncomingMessage,
  onText: (text: string) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((done, fail) => {
    response.setEncoding('utf8');
    response.on('data', (text: string) => {
      try {
        onText(text);
      } catch (error) {
        fail(error);
        response.destroy();
      }
    });
    response.once('end', () => done());
    response.once('error', fail);
    response.once('close', () => {
      if (response.complete) done();
      else fail(brokenStream(signal));
    });
  });
}

/** The body straight from the socket: it ends when the server ends the connection. */
function readTakenSocket(
  { socket, head }: TakenResponseSocket,
  onText: (text: string) => void,
  signal: AbortSignal,
): Promise<void> {
  return new Promise<void>((done, fail) => {
    // One decoder across chunks: a character may be split between two.
    const decoder = new StringDecoder('utf8');
    const take = (chunk: Buffer): boolean => {
      const text = decoder.write(chunk);
      if (text.length === 0) return true;
      try {
        onText(text);
        return true;
      } catch (error) {
        fail(error);
        socket.destroy();
        return false;
      }
    };
    if (head !== null && !take(head)) return;
    socket.on('data', take);
    socket.once('end', () => done());
    // Closed after its end (the server's FIN) is the stream's end; closed without it, a break.
    socket.once('close', () => (socket.readableEnded ? done() : fail(brokenStream(signal))));
    socket.resume();
  });
}
