import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { locatePeer } from '@switchyard/testkit';

// A gRPC client built from the official flagd .proto files (flagd-schemas, in the peers folder) by
// @grpc/grpc-js and @grpc/proto-loader: an implementation independent of the server's own declarations, so
// what passes here is what the published protocol says. Field names as in the .proto files (snake_case).

export const flagdSchemas = locatePeer(
  'flagd-schemas',
  'gRPC tests with a client built from the official .proto files',
);

type Callback = (error: grpc.ServiceError | null, response: Record<string, unknown>) => void;
type Unary = (request: object, metadata: grpc.Metadata, callback: Callback) => grpc.ClientUnaryCall;
type ServerStream = (
  request: object,
  metadata: grpc.Metadata,
) => grpc.ClientReadableStream<Record<string, unknown>>;
export type OfficialClient = grpc.Client & Record<string, Unary & ServerStream>;

const services = {
  sync: ['flagd/sync/v1/sync.proto', 'flagd.sync.v1.FlagSyncService'],
  evaluationV1: ['flagd/evaluation/v1/evaluation.proto', 'flagd.evaluation.v1.Service'],
  evaluationV2: ['flagd/evaluation/v2/evaluation.proto', 'flagd.evaluation.v2.Service'],
} as const;

export function officialClient(service: keyof typeof services, port: number): OfficialClient {
  const [file, name] = services[service];
  const definition = protoLoader.loadSync(file, {
    includeDirs: [join(flagdSchemas!, 'protobuf')],
    keepCase: true,
    longs: String,
    defaults: false,
    oneofs: true,
  });
  const Client = name
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      grpc.loadPackageDefinition(definition),
    ) as grpc.ServiceClientConstructor;
  return new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as OfficialClient;
}

export function metadataOf(headers: Record<string, string> = {}): grpc.Metadata {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return metadata;
}

export interface CallResult {
  error: grpc.ServiceError | null;
  response: Record<string, unknown> | undefined;
}

/** One unary call; the error (status) is returned, not thrown. */
export function call(
  client: OfficialClient,
  method: string,
  request: object,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  return new Promise((resolve) => {
    const fn = client[method] as Unary;
    fn.call(client, request, metadataOf(headers), (error, response) => resolve({ error, response }));
  });
}

/** A server stream read message by message, with its end (status) as a promise. */
export interface StreamReader {
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the final status: an error, or null for a clean end. */
  readonly ended: Promise<grpc.ServiceError | null>;
  cancel(): void;
}

export function openStream(
  client: OfficialClient,
  method: string,
  request: object,
  headers: Record<string, string> = {},
): StreamReader {
  const fn = client[method] as ServerStream;
  const stream = fn.call(client, request, metadataOf(headers));
  const received: Record<string, unknown>[] = [];
  const waiting: Array<(message: Record<string, unknown>) => void> = [];
  stream.on('data', (message: Record<string, unknown>) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  const ended = new Promise<grpc.ServiceError | null>((resolve) => {
    stream.on('error', (error: grpc.ServiceError) => resolve(error));
    stream.on('end', () => resolve(null));
  });
  return {
    ended,
    next(timeoutMs = 5000) {
      const message = received.shift();
      if (message) return Promise.resolve(message);
      return new Promise((resolve, reject) => {
        const waiter = (next: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(next);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(waiter), 1);
          reject(new Error(`no message within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push(waiter);
        void ended.then((status) => {
          clearTimeout(timer);
          reject(new Error(`stream ended (${status?.code ?? 'ok'}: ${status?.details ?? ''})`));
        });
      });
    },
    cancel() {
      stream.cancel();
    },
  };
}
