import { createFileRegistry, type JsonObject, type Message } from '@bufbuild/protobuf';
import type { GenMessage, GenService } from '@bufbuild/protobuf/codegenv2';
import { file_google_protobuf_struct } from '@bufbuild/protobuf/wkt';
import { declaredService, fileDescriptor } from './proto-builder.js';

// flagd.sync.v1 (flagd-schemas protobuf/flagd/sync/v1/sync.proto, protobuf-v0.6.6): what in-process
// providers and flagd itself call to receive a flag set. test/flagd/proto-definitions.test.ts checks these
// declarations field by field against the official file.

const STRUCT = '.google.protobuf.Struct';

const file = fileDescriptor({
  name: 'flagd/sync/v1/sync.proto',
  package: 'flagd.sync.v1',
  dependencies: ['google/protobuf/struct.proto'],
  messages: [
    {
      name: 'SyncFlagsRequest',
      fields: [
        { name: 'provider_id', number: 1, type: 'string' },
        { name: 'selector', number: 2, type: 'string' },
      ],
    },
    {
      name: 'SyncFlagsResponse',
      fields: [
        { name: 'flag_configuration', number: 1, type: 'string' },
        { name: 'sync_context', number: 2, type: STRUCT, optional: true },
      ],
    },
    {
      name: 'FetchAllFlagsRequest',
      fields: [
        { name: 'provider_id', number: 1, type: 'string' },
        { name: 'selector', number: 2, type: 'string' },
      ],
    },
    { name: 'FetchAllFlagsResponse', fields: [{ name: 'flag_configuration', number: 1, type: 'string' }] },
    { name: 'GetMetadataRequest', fields: [] },
    { name: 'GetMetadataResponse', fields: [{ name: 'metadata', number: 2, type: STRUCT }] },
  ],
  services: [
    {
      name: 'FlagSyncService',
      methods: [
        { name: 'SyncFlags', input: 'SyncFlagsRequest', output: 'SyncFlagsResponse', serverStreaming: true },
        { name: 'FetchAllFlags', input: 'FetchAllFlagsRequest', output: 'FetchAllFlagsResponse' },
        { name: 'GetMetadata', input: 'GetMetadataRequest', output: 'GetMetadataResponse' },
      ],
    },
  ],
});

export const syncV1Registry = createFileRegistry(file, (name) =>
  name === 'google/protobuf/struct.proto' ? file_google_protobuf_struct : undefined,
);

// The shapes protobuf-es gives these messages (a google.protobuf.Struct field is a JsonObject).
type SyncFlagsRequest = Message<'flagd.sync.v1.SyncFlagsRequest'> & { providerId: string; selector: string };
type SyncFlagsResponse = Message<'flagd.sync.v1.SyncFlagsResponse'> & {
  flagConfiguration: string;
  syncContext?: JsonObject;
};
type FetchAllFlagsRequest = Message<'flagd.sync.v1.FetchAllFlagsRequest'> & {
  providerId: string;
  selector: string;
};
type FetchAllFlagsResponse = Message<'flagd.sync.v1.FetchAllFlagsResponse'> & { flagConfiguration: string };
type GetMetadataRequest = Message<'flagd.sync.v1.GetMetadataRequest'>;
type GetMetadataResponse = Message<'flagd.sync.v1.GetMetadataResponse'> & { metadata?: JsonObject };

export const FlagSyncService = declaredService(
  syncV1Registry,
  'flagd.sync.v1.FlagSyncService',
) as GenService<{
  syncFlags: {
    methodKind: 'server_streaming';
    input: GenMessage<SyncFlagsRequest>;
    output: GenMessage<SyncFlagsResponse>;
  };
  fetchAllFlags: {
    methodKind: 'unary';
    input: GenMessage<FetchAllFlagsRequest>;
    output: GenMessage<FetchAllFlagsResponse>;
  };
  getMetadata: {
    methodKind: 'unary';
    input: GenMessage<GetMetadataRequest>;
    output: GenMessage<GetMetadataResponse>;
  };
}>;
