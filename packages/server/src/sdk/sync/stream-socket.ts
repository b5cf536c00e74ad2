import type { ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';

/** Node's HTTP/1 parser (an internal object): what letting go of a connection uses. */
interface HttpParser {
  socket: Socket | null;
  finish(): unknown;
}

/**
 * Node's own clean-up of a connection's parser (`_http_common`, not a documented module: checked
 * before use). It unconsumes the socket, drops the parser's references and returns it to its pool.
 */
const { freeParser } = createRequire(import.meta.url)('_http_common') as {
  freeParser?: (parser: HttpParser, request: null, socket: Socket) => void;
};

type ParsedSocket = Socket & {
  parser?: HttpParser | null;
  _httpMessage?: unknown;
  _handle?: { _consumed?: boolean } | null;
};

/**
 * The listeners Node's HTTP server puts on each connection (lib/_http_server.js). Their bound
 * arguments hold the parser, the request and the response for as long as the socket lives.
 */
const SERVER_LISTENERS: ReadonlyArray<readonly [event: string, name: string]> = [
  ['data', 'bound socketOnData'],
  ['end', 'bound socketOnEnd'],
  ['close', 'bound socketOnClose'],
  ['drain', 'bound socketOnDrain'],
  ['error', 'socketOnError'],
  ['timeout', 'socketOnTimeout'],
  ['resume', 'onSocketResume'],
  ['pause', 'onSocketPause'],
];

/**
 * Takes the socket of a response whose headers and first bytes are written, out of Node's HTTP
 * server, the way Node hands a socket to an `upgrade` listener: the server's listeners come off,
 * the parser goes back to its pool (or is freed), and the socket forgets the response. A stream
 * then writes its frames to the socket itself, and nothing keeps the request, the response, the
 * parser or Fastify's request and reply alive for the stream's life (about half of what a stream
 * held). The response is connection: close and unchunked, so the bytes after the headers are the
 * stream's own.
 *
 * Returns undefined, touching nothing, when the socket is not the response's alone or not as
 * expected (bytes of the response still queued, another response pipelined ahead, HTTP/2, a Node
 * whose HTTP server works differently): the stream then goes on writing through the response.
 * `onError` is put on the socket before the server's error listener comes off.
 */
export function takeStreamSocket(response: ServerResponse, onError: () => void): Socket | undefined {
  const socket = response.socket as ParsedSocket | null;
  if (!(socket instanceof Socket) || socket._httpMessage !== response || socket.destroyed) return undefined;
  // `headersSent` is true once the head is built; `_headerSent` once it has gone to the socket.
  const state = response as unknown as { _headerSent?: boolean; outputData?: unknown[] };
  if (state._headerSent !== true || !Array.isArray(state.outputData) || state.outputData.length > 0)
    return undefined;
  const parser = socket.parser;
  if (!parser || parser.socket !== socket || typeof freeParser !== 'function') return undefined;
  const listeners = SERVER_LISTENERS.map(([event, name]) => {
    const found = socket.listeners(event).filter((listener) => listener.name === name);
    return found.length === 1 ? ([event, found[0] as (...args: unknown[]) => void] as const) : undefined;
  });
  if (listeners.some((listener) => listener === undefined)) return undefined;

  socket.on('error', onError);
  for (const [event, listener] of listeners as Array<readonly [string, (...args: unknown[]) => void]>)
    socket.removeListener(event, listener);
  // As Node does before an `upgrade`: the socket's bytes come back to it, and the parser leaves
  // the server's connection list (no request or headers timeout applies any more) for its pool.
  if (socket._handle) socket._handle._consumed = false;
  parser.finish();
  freeParser(parser, null, socket);
  response.detachSocket(socket);
  // Node's listener wrappers (they unconsume on `data`) give way to the plain methods.
  socket.on = Socket.prototype.on;
  socket.addListener = Socket.prototype.addListener;
  socket.prependListener = Socket.prototype.prependListener;
  // Whatever the client sends now is read and dropped, so that its end (`end`) is seen.
  socket.resume();
  return socket;
}
