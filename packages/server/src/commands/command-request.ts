import type { FastifyRequest } from 'fastify';
import { expectedVersion } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { validationFailed } from '../kernel/errors.js';
import { decodeChangeReason } from './change-reason.js';
import type { Command, IssuePaths } from './command.js';
import type { CommandRequest } from './command-executor.js';

/** Over HTTP routes a command's payload is the body, its target the path parameters. */
export const httpIssuePaths: IssuePaths = {
  payload: '/body',
  target: {
    project: '/params/project',
    environment: '/params/env',
    flag: '/params/flag',
    segment: '/params/segment',
    id: '/params/id',
  },
  expectedVersion: '/headers/if-match',
};

/** The header a person's reason for a change travels in (recorded in the audit trail). */
export const reasonHeader = 'x-change-reason';

/** The reason header's text (decoded when an RFC 8187 extended value); a malformed one is refused. */
function changeReasonOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const decoded = Array.isArray(header)
    ? ({ ok: false, message: 'must be given once' } as const)
    : decodeChangeReason(header);
  if (!decoded.ok) throw validationFailed([{ path: `/headers/${reasonHeader}`, message: decoded.message }]);
  return decoded.reason;
}

/**
 * The command a route asks the executor to run, with the request's actor, id, `If-Match`
 * (as the expected version), reason header and `?force=true`.
 */
export function commandRequest(
  request: FastifyRequest,
  command: Pick<Command, 'action' | 'target' | 'payload'>,
): CommandRequest {
  const actor = requestActor(request);
  const version = expectedVersion(request.headers['if-match']);
  const reason = changeReasonOf(request.headers[reasonHeader]);
  const force = (request.query as { force?: unknown } | undefined)?.force === true;
  return {
    command: {
      ...command,
      ...(version !== undefined && { expectedVersion: version }),
      ...(reason !== undefined && reason !== '' && { reason }),
      ...(force && { force }),
    },
    actor,
    requestId: String(request.id),
    paths: httpIssuePaths,
  };
}
