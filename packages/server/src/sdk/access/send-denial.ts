import type { FastifyReply } from 'fastify';
import type { SdkAccessDenial } from './sdk-access.js';

/** SDK endpoints answer a refused key in OFREP's error shape: `{ errorCode, errorDetails }`. */
export function sendDenial(reply: FastifyReply, denial: SdkAccessDenial): FastifyReply {
  return reply
    .code(denial.status)
    .type('application/json')
    .send(JSON.stringify({ errorCode: denial.code, errorDetails: denial.message }));
}
