import type { ServerResponse } from 'node:http';
import type { RequestOutcome } from './request-outcomes.js';

/** Marks a request failed by an error the application threw (its status may not say so). */
export interface ResponseWatch {
  threw(): void;
}

/**
 * Calls `done` once with the request's outcome when its response is over: `close` fires both after
 * a complete response and when the connection drops first (then the request counts as failed: the
 * client, or a proxy timing out, never got an answer).
 */
export function watchResponse(
  response: ServerResponse,
  started: number,
  now: () => number,
  done: (outcome: RequestOutcome) => void,
): ResponseWatch {
  let threw = false;
  response.once('close', () => {
    const error = threw || !response.writableFinished || response.statusCode >= 500;
    done({ error, durationMs: now() - started });
  });
  return {
    threw() {
      threw = true;
    },
  };
}
