import { createFileRegistry, type JsonObject, type Message } from '@bufbuild/protobuf';
import type { GenMessage, GenService } from '@bufbuild/protobuf/codegenv2';
import { file_google_protobuf_struct } from '@bufbuild/protobuf/wkt';
import { declaredService, type FieldSpec, fileDescriptor, type MessageSpec } from './proto-builder.js';

// flagd.evaluation.v1 and v2 (flagd-schemas protobuf/flagd/evaluation/{v1,v2}/evaluation.proto,
// protobuf-v0.6.6), what flagd's RPC providers call. The two differ in three ways: v2 makes every
// response's `value` and `variant` optional (absent for a code default or a disabled flag), and only v1
// has `ResolveAll`. test/flagd/proto-definitions.test.ts checks both field by field against the official
// files.

export type ProtocolVersion = 'v1' | 'v2';

/** The typed resolve methods, by the type name flagd gives them. */
export const VALUE_KINDS = ['Boolean', 'String', 'Float', 'Int', 'Object'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

const STRUCT = '.google.protobuf.Struct';
const VALUE_TYPES: Record<ValueKind, FieldSpec & { type: string }> = {
  Boolean: { name: 'value', number: 1, type: 'bool' },
  String: { name: 'value', number: 1, type: 'string' },
  Float: { name: 'value', number: 1, type: 'double' },
  Int: { name: 'value', number: 1, type: 'int64' },
  Object: { name: 'value', number: 1, type: STRUCT },
};

function evaluationMessages(version: ProtocolVersion): MessageSpec[] {
  const optional = version === 'v2';
  const typed = VALUE_KINDS.flatMap((kind): MessageSpec[] => [
    {
      name: `Resolve${kind}Request`,
      fields: [
        { name: 'flag_key', number: 1, type: 'string' },
        { name: 'context', number: 2, type: STRUCT },
      ],
    },
    {
      name: `Resolve${kind}Response`,
      fields: [
        { ...VALUE_TYPES[kind], optional },
        { name: 'reason', number: 2, type: 'string' },
        { name: 'variant', number: 3, type: 'string', optional },
        { name: 'metadata', number: 4, type: STRUCT },
      ],
    },
  ]);
  const resolveAll: MessageSpec[] = [
    { name: 'ResolveAllRequest', fields: [{ name: 'context', number: 1, type: STRUCT }] },
    {
      name: 'ResolveAllResponse',
      fields: [
        { name: 'flags', number: 1, map: { key: 'string', value: '#AnyFlag' } },
        { name: 'metadata', number: 2, type: STRUCT },
      ],
    },
  ];
  return [
    ...(version === 'v1' ? resolveAll : []),
    {
      name: 'AnyFlag',
      fields: [
        { name: 'reason', number: 1, type: 'string' },
        { name: 'variant', number: 2, type: 'string', optional },
        { name: 'bool_value', number: 3, type: 'bool', oneof: 'value' },
        { name: 'string_value', number: 4, type: 'string', oneof: 'value' },
        { name: 'double_value', number: 5, type: 'double', oneof: 'value' },
        { name: 'object_value', number: 6, type: STRUCT, oneof: 'value' },
        { name: 'metadata', number: 7, type: STRUCT },
      ],
    },
    ...typed,
    {
      name: 'EventStreamResponse',
      fields: [
        { name: 'type', number: 1, type: 'string' },
        { name: 'data', number: 2, type: STRUCT },
      ],
    },
    { name: 'EventStreamRequest', fields: [] },
  ];
}

function evaluationRegistry(version: ProtocolVersion) {
  const file = fileDescriptor({
    name: `flagd/evaluation/${version}/evaluation.proto`,
    package: `flagd.evaluation.${version}`,
    dependencies: ['google/protobuf/struct.proto'],
    messages: evaluationMessages(version),
    services: [
      {
        name: 'Service',
        methods: [
          ...(version === 'v1'
            ? [{ name: 'ResolveAll', input: 'ResolveAllRequest', output: 'ResolveAllResponse' }]
            : []),
          ...VALUE_KINDS.map((kind) => ({
            name: `Resolve${kind}`,
            input: `Resolve${kind}Request`,
            output: `Resolve${kind}Response`,
          })),
          {
            name: 'EventStream',
            input: 'EventStreamRequest',
            output: 'EventStreamResponse',
            serverStreaming: true,
          },
        ],
      },
    ],
  });
  return createFileRegistry(file, (name) =>
    name === 'google/protobuf/struct.proto' ? file_google_protobuf_struct : undefined,
  );
}

export const evaluationRegistries = { v1: evaluationRegistry('v1'), v2: evaluationRegistry('v2') };

// The shapes protobuf-es gives these messages (a google.protobuf.Struct field is a JsonObject, an int64 a
// bigint). v1's value and variant have no presence: unset, they read as the type's zero value.

export type ResolvedValue = boolean | string | number | bigint | JsonObject;

type ResolveRequest = Message & { flagKey: string; context?: JsonObject };
type ResolveResponse = Message & {
  value?: ResolvedValue;
  reason: string;
  variant?: string;
  metadata?: JsonObject;
};
type ResolveAllRequest = Message & { context?: JsonObject };
export type AnyFlagValue =
  | { case: 'boolValue'; value: boolean }
  | { case: 'stringValue'; value: string }
  | { case: 'doubleValue'; value: number }
  | { case: 'objectValue'; value: JsonObject }
  | { case: undefined; value?: undefined };
type AnyFlag = Message & { reason: string; variant?: string; value: AnyFlagValue; metadata?: JsonObject };
type ResolveAllResponse = Message & { flags: Record<string, AnyFlag>; metadata?: JsonObject };
type EventStreamRequest = Message;
type EventStreamResponse = Message & { type: string; data?: JsonObject };

type Unary<I extends Message, O extends Message> = {
  methodKind: 'unary';
  input: GenMessage<I>;
  output: GenMessage<O>;
};

export type EvaluationService = GenService<{
  resolveBoolean: Unary<ResolveRequest, ResolveResponse>;
  resolveString: Unary<ResolveRequest, ResolveResponse>;
  resolveFloat: Unary<ResolveRequest, ResolveResponse>;
  resolveInt: Unary<ResolveRequest, ResolveResponse>;
  resolveObject: Unary<ResolveRequest, ResolveResponse>;
  eventStream: {
    methodKind: 'server_streaming';
    input: GenMessage<EventStreamRequest>;
    output: GenMessage<EventStreamResponse>;
  };
}>;

export type EvaluationServiceV1 = EvaluationService &
  GenService<{ resolveAll: Unary<ResolveAllRequest, ResolveAllResponse> }>;

export const EvaluationServiceV1 = declaredService(
  evaluationRegistries.v1,
  'flagd.evaluation.v1.Service',
) as EvaluationServiceV1;

export const EvaluationServiceV2 = declaredService(
  evaluationRegistries.v2,
  'flagd.evaluation.v2.Service',
) as EvaluationService;
