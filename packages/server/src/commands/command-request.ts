import type { FastifyRequest } from 'fastify';
import { expectedVersion } from '../http/etag.js';
import { requestActor } from '../http/request-actor.js';
import { validationFailed } from '../kernel/errors.js';
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
  const reason = request.headers[reasonHeader];
  if (Array.isArray(reason) || (reason !== undefined && reason.length > 1000)) {
    throw validationFailed([
      { path: `/headers/${reasonHeader}`, message: 'must be one text of at most 1000 characters' },
    ]);
  }
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
