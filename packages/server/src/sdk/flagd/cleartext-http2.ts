import type { Server } from 'node:http';
import type { Http2Server, ServerHttp2Session } from 'node:http2';
import type { Socket } from 'node:net';

/** What every HTTP/2 client sends first (RFC 9113 §3.4); no HTTP/1.x request can start with it. */
const HTTP2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** A connection that has not said which protocol it speaks within this time is dropped. */
const FIRST_BYTES_TIMEOUT_MS = 10_000;

export interface CleartextHttp2 {
  /**
   * Drops connections still undecided and closes every HTTP/2 session (GOAWAY: streams in progress may
   * finish), destroying those still open after `graceMs`. The HTTP/1 server closes its own connections.
   */
  close(graceMs: number): Promise<void>;
}

/**
 * Serves HTTP/2 without TLS (h2c, "prior knowledge", as gRPC clients speak it) on the port of an HTTP/1.1
 * server: each new connection's first bytes decide whether it goes to `http2Server` or stays with the
 * HTTP/1.1 server. Node's HTTP/1 server cannot upgrade to HTTP/2 itself, and its HTTP/2 server accepts
 * HTTP/1.1 only over TLS.
 */
export function acceptCleartextHttp2(server: Server, http2Server: Http2Server): CleartextHttp2 {
  const http1Listeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  const undecided = new Set<Socket>();
  const sessions = new Set<ServerHttp2Session>();
  http2Server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });

  server.on('connection', (socket: Socket) => {
    undecided.add(socket);
    const timer = setTimeout(() => socket.destroy(), FIRST_BYTES_TIMEOUT_MS);
    timer.unref();
    let received = Buffer.alloc(0);
    const forget = () => {
      clearTimeout(timer);
      undecided.delete(socket);
      socket.removeListener('readable', onReadable);
      socket.removeListener('close', forget);
      socket.removeListener('error', onError);
    };
    const onReadable = () => {
      for (let chunk: Buffer | null = socket.read(); chunk !== null; chunk = socket.read()) {
        received = Buffer.concat([received, chunk]);
      }
      const length = Math.min(received.length, HTTP2_PREFACE.length);
      const http2 = received.subarray(0, length).equals(HTTP2_PREFACE.subarray(0, length));
      // A prefix of the preface so far: wait for more.
      if (http2 && received.length < HTTP2_PREFACE.length) return;
      forget();
      // Give the bytes back: whichever server takes the socket reads them first.
      socket.unshift(received);
      if (http2) http2Server.emit('connection', socket);
      else for (const listener of http1Listeners) listener.call(server, socket);
    };
    // Until a server takes the socket, its errors (a reset) are ours to absorb.
    const onError = () => socket.destroy();
    socket.on('readable', onReadable);
    socket.on('close', forget);
    socket.on('error', onError);
  });

  return {
    async close(graceMs) {
      for (const socket of undecided) socket.destroy();
      const closing = [...sessions].map(
        (session) => new Promise<void>((resolve) => session.close(() => resolve())),
      );
      const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
      await Promise.race([Promise.all(closing), grace]);
      for (const session of sessions) session.destroy();
    },
  };
}
