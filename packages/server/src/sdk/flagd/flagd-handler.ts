import { connectNodeAdapter } from '@connectrpc/connect-node';
import { connectionContext } from './connection-grants.js';
import { type EvaluationServiceDeps, evaluationService } from './evaluation-service.js';
import { EvaluationServiceV1, EvaluationServiceV2 } from './schema/evaluation.js';
import { FlagSyncService } from './schema/sync-v1.js';
import { flagSyncService } from './sync-service.js';

export interface FlagdHandlerOptions extends EvaluationServiceDeps {
  /** Largest accepted request message (an evaluation context is small). */
  readMaxBytes: number;
}

/** Path prefix of every flagd RPC (`/<package>.<Service>/<Method>`). */
export const FLAGD_PATH_PREFIX = '/flagd.';

/**
 * One node:http / node:http2 request handler for flagd's services, in the three protocols Connect
 * serves: gRPC (HTTP/2), gRPC-Web and Connect (HTTP/1.1 or HTTP/2, binary or JSON).
 */
export function flagdHandler(options: FlagdHandlerOptions): ReturnType<typeof connectNodeAdapter> {
  return connectNodeAdapter({
    routes(router) {
      router.service(FlagSyncService, flagSyncService(options));
      router.service(EvaluationServiceV1, evaluationService('v1', options));
      router.service(EvaluationServiceV2, evaluationService('v2', options));
    },
    contextValues: connectionContext,
    readMaxBytes: options.readMaxBytes,
    // As flagd's JSON (protojson with EmitUnpopulated): fields at their zero value are written out
    // (`"value": false`), unknown fields in requests are ignored.
    jsonOptions: { alwaysEmitImplicit: true, ignoreUnknownFields: true },
  });
}
