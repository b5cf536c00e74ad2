import http from 'node:http';

/** A parsed Server-Sent Event (comments are kept too, to observe heartbeats). */
export interface ReceivedEvent {
  event: string;
  id: string | undefined;
  data: string;
  comment?: string;
}

export interface EventStreamReader {
  status: number;
  headers: Headers;
  /** The next event or comment; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<ReceivedEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/**
 * Minimal SSE client over node:http (closing it destroys the socket at once, as a browser
 * does), parsing frames as the EventSource specification does.
 */
export async function openEventStream(
  url: string,
  headers: Record<string, string> = {},
): Promise<EventStreamReader> {
  const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } });
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    request.once('response', resolve);
    request.once('error', reject);
  });
  const queue: ReceivedEvent[] = [];
  const waiters: Array<(event: ReceivedEvent) => void> = [];
  const push = (event: ReceivedEvent) => {
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  };
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let boundary = buffer.indexOf('\n\n');
    while (boundary >= 0) {
      const parsed = parseFrame(buffer.slice(0, boundary));
      buffer = buffer.slice(boundary + 2);
      if (parsed) push(parsed);
      boundary = buffer.indexOf('\n\n');
    }
  });
  const ended = new Promise<void>((resolve) => {
    response.once('end', resolve);
    response.once('close', resolve);
    response.once('error', () => resolve());
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (typeof value === 'string') responseHeaders.set(name, value);
  }
  return {
    status: response.statusCode ?? 0,
    headers: responseHeaders,
    ended,
    next(timeoutMs = 5000) {
      const queued = queue.shift();
      if (queued) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no event within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = (event: ReceivedEvent) => {
          clearTimeout(timer);
          resolve(event);
        };
        waiters.push(waiter);
      });
    },
    close() {
      request.destroy();
    },
  };
}

function parseFrame(frame: string): ReceivedEvent | undefined {
  let event = 'message';
  let id: string | undefined;
  const data: string[] = [];
  let comment: string | undefined;
  for (const line of frame.split('\n')) {
    if (line.startsWith(':')) comment = line.slice(1).trim();
    else if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('id:')) id = line.slice(3).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length === 0 && comment === undefined) return undefined; // e.g. the `retry:` frame
  return data.length === 0
    ? { event: 'comment', id, data: '', comment }
    : { event, id, data: data.join('\n') };
}
