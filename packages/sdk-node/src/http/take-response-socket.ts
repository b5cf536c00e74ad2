import type { ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { Socket } from 'node:net';

/** Node's HTTP/1 parser (an internal object): what letting go of a connection uses. */
interface HttpParser {
  socket: Socket | null;
  incoming: IncomingMessage | null;
}

/**
 * Node's own clean-up of a connection's parser (`_http_common`, not a documented module: checked
 * before use). It drops the parser's references and returns it to its pool.
 */
const { freeParser } = createRequire(import.meta.url)('_http_common') as {
  freeParser?: (parser: HttpParser, request: ClientRequest, socket: Socket) => void;
};

/** The listeners through which Node's HTTP client reads a response (lib/_http_client.js). */
const CLIENT_LISTENERS: ReadonlyArray<readonly [event: string, name: string]> = [
  ['data', 'socketOnData'],
  ['end', 'socketOnEnd'],
  ['drain', 'ondrain'],
];

export interface TakenResponseSocket {
  socket: Socket;
  /** Body bytes the client had already read from the socket (they come first). */
  head: Buffer | null;
}

/**
 * Takes the socket of a response whose body runs until the connection closes (an event stream)
 * out of Node's HTTP client, as the client does itself before an `upgrade`: its listeners come
 * off and the parser goes back to its pool, so each chunk of the stream is read from the socket
 * as it is, instead of going through the parser and the response's own stream (with thousands of
 * providers in one process, a third of what a change costs each of them).
 *
 * Returns undefined, touching nothing, when the response is not that (a length, chunked
 * encoding, a body already being read) or the client is not as expected (another Node): the body
 * is then read through the response. The client's close and error listeners stay, so the request
 * and response still learn of the connection's end.
 */
export function takeResponseSocket(
  request: ClientRequest,
  response: IncomingMessage,
): TakenResponseSocket | undefined {
  const socket = response.socket as (Socket & { parser?: HttpParser | null }) | null;
  if (!(socket instanceof Socket) || socket.destroyed || request.socket !== socket) return undefined;
  const { headers } = response;
  if (headers['content-length'] !== undefined || headers['transfer-encoding'] !== undefined) return undefined;
  if (response.complete || response.readableFlowing === true || response.readableEncoding !== null)
    return undefined;
  const parser = socket.parser;
  if (!parser || parser.socket !== socket || parser.incoming !== response || typeof freeParser !== 'function')
    return undefined;
  const listeners = CLIENT_LISTENERS.map(([event, name]) => {
    const found = socket.listeners(event).filter((listener) => listener.name === name);
    return found.length === 1 ? ([event, found[0] as (...args: unknown[]) => void] as const) : undefined;
  });
  if (listeners.some((listener) => listener === undefined)) return undefined;

  for (const [event, listener] of listeners as Array<readonly [string, (...args: unknown[]) => void]>)
    socket.removeListener(event, listener);
  freeParser(parser, request, socket);
  return { socket, head: response.read() as Buffer | null };
}
