import { readFileSync } from 'node:fs';
import {
  type ClientRequest,
  createServer,
  type IncomingMessage,
  type RequestOptions,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer, request as tlsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeHttpTransport } from '../../src/http/event-stream-transport.js';
import { takeResponseSocket } from '../../src/http/take-response-socket.js';

let server: Server | undefined;
const serverSockets = new Set<Socket>();

afterEach(async () => {
  for (const socket of serverSockets) socket.destroy();
  serverSockets.clear();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server whose handler gets each request; returns its URL. */
async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  server = createServer(handler);
  server.on('connection', (socket) => {
    serverSockets.add(socket);
    socket.once('close', () => serverSockets.delete(socket));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return `http://127.0.0.1:${address.port}/stream`;
}

/** As the Switchyard server answers a stream: Connection: close, no length, no chunked encoding. */
function streamHead(response: ServerResponse): void {
  response.useChunkedEncodingByDefault = false;
  response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'close' });
}

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const emoji = Buffer.from('data: Zoë 🚀\n\n');
const cut = emoji.indexOf(Buffer.from('🚀')) + 2; // inside the 4-byte character

describe('nodeHttpTransport', () => {
  it('reads an unchunked stream from its socket: bytes sent with the headers, characters split across writes', async () => {
    const url = await serve((_request, response) => {
      streamHead(response);
      response.write(emoji.subarray(0, cut)); // goes out with the head
      setTimeout(() => response.write(emoji.subarray(cut)), 30);
      setTimeout(() => response.end('data: last\n\n'), 60);
    });
    const opened = await nodeHttpTransport(url, {}, new AbortController().signal);
    expect(opened.status).toBe(200);
    let text = '';
    await opened.consume((chunk) => {
      text += chunk;
    });
    expect(text).toBe('data: Zoë 🚀\n\ndata: last\n\n');
  });

  it('reads a chunked stream through the response, as before', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(emoji.subarray(0, cut));
      setTimeout(() => response.end(emoji.subarray(cut)), 30);
    });
    const opened = await nodeHttpTransport(url, {}, new AbortController().signal);
    let text = '';
    await opened.consume((chunk) => {
      text += chunk;
    });
    expect(text).toBe('data: Zoë 🚀\n\n');
  });

  it('rejects when the connection breaks in the middle of the stream', async () => {
    const url = await serve((_request, response) => {
      streamHead(response);
      response.write('data: one\n\n');
      setTimeout(() => response.socket?.resetAndDestroy(), 30);
    });
    const opened = await nodeHttpTransport(url, {}, new AbortController().signal);
    let text = '';
    await expect(
      opened.consume((chunk) => {
        text += chunk;
      }),
    ).rejects.toThrow(/closed in the middle of the stream/);
    expect(text).toBe('data: one\n\n');
  });

  it('rejects with the abort reason when the signal aborts, and closes the connection', async () => {
    let serverSide: Socket | undefined;
    const url = await serve((_request, response) => {
      serverSide = response.socket ?? undefined;
      streamHead(response);
      response.write('data: one\n\n');
    });
    const controller = new AbortController();
    const opened = await nodeHttpTransport(url, {}, controller.signal);
    const consumed = opened.consume(() => {});
    await later(20);
    const reason = new Error('provider closed');
    controller.abort(reason);
    await expect(consumed).rejects.toBe(reason);
    await later(50);
    expect(serverSide?.destroyed).toBe(true);
  });

  it('stops reading and rejects with the error when the handler of a chunk throws', async () => {
    const url = await serve((_request, response) => {
      streamHead(response);
      response.write('data: one\n\n');
      setTimeout(() => response.write('data: two\n\n'), 30);
    });
    const opened = await nodeHttpTransport(url, {}, new AbortController().signal);
    const seen: string[] = [];
    await expect(
      opened.consume((chunk) => {
        seen.push(chunk);
        if (chunk.includes('two')) throw new Error('bad event');
      }),
    ).rejects.toThrow('bad event');
    expect(seen).toEqual(['data: one\n\n', 'data: two\n\n']);
  });
});

describe('takeResponseSocket', () => {
  const open = (url: string, send = request, options: RequestOptions = {}) =>
    new Promise<{ request: ClientRequest; response: IncomingMessage }>((resolve, reject) => {
      const req = send(url, options);
      req.once('error', reject);
      req.once('response', (response) => resolve({ request: req, response }));
      req.end();
    });

  /** What a taken socket receives until the server ends the connection. */
  const restOf = async (socket: Socket | undefined): Promise<string> => {
    let rest = '';
    socket?.setEncoding('utf8');
    socket?.on('data', (chunk: string) => {
      rest += chunk;
    });
    await new Promise((resolve) => socket?.once('end', resolve));
    return rest;
  };

  it("takes an unchunked stream's socket, with the body bytes that came with the headers", async () => {
    const url = await serve((_request, response) => {
      streamHead(response);
      response.write('data: first\n\n');
      setTimeout(() => response.end('data: second\n\n'), 30);
    });
    const { request: req, response } = await open(url);
    await later(10); // the promise resolved after the read that brought the head was parsed
    const taken = takeResponseSocket(req, response);
    expect(taken?.head?.toString()).toBe('data: first\n\n');
    expect(await restOf(taken?.socket)).toBe('data: second\n\n');
  });

  it('takes the socket of a stream over TLS alike', async () => {
    const tls = (name: string) =>
      readFileSync(new URL(`../support/tls/loopback-test-${name}.pem`, import.meta.url));
    const cert = tls('cert');
    server = createTlsServer({ cert, key: tls('key') }, (_request, response) => {
      streamHead(response);
      response.write('data: first\n\n');
      setTimeout(() => response.end('data: Zoë 🚀\n\n'), 30);
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || address === null) throw new Error('no port');
    const { request: req, response } = await open(`https://127.0.0.1:${address.port}/stream`, tlsRequest, {
      ca: cert,
    });
    await later(10);
    const taken = takeResponseSocket(req, response);
    expect(taken?.head?.toString()).toBe('data: first\n\n');
    expect(await restOf(taken?.socket)).toBe('data: Zoë 🚀\n\n');
  });

  it('leaves a response with a length or chunked encoding to the HTTP client', async () => {
    const url = await serve((request, response) => {
      if (request.url?.endsWith('length')) response.end('{"a":1}');
      else {
        response.write('chunked ');
        response.end('body');
      }
    });
    for (const [suffix, body] of [
      ['?length', '{"a":1}'],
      ['?chunked', 'chunked body'],
    ] as const) {
      const { request: req, response } = await open(`${url}${suffix}`);
      expect(takeResponseSocket(req, response)).toBeUndefined();
      let text = '';
      for await (const chunk of response) text += String(chunk);
      expect(text).toBe(body);
    }
  });

  it('leaves a response whose body is already being read to the HTTP client', async () => {
    const url = await serve((_request, response) => {
      streamHead(response);
      response.end('data: x\n\n');
    });
    const { request: req, response } = await open(url);
    response.setEncoding('utf8');
    expect(takeResponseSocket(req, response)).toBeUndefined();
    let text = '';
    for await (const chunk of response) text += String(chunk);
    expect(text).toBe('data: x\n\n');
  });
});
