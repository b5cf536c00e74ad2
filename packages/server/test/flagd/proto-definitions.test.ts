import { join } from 'node:path';
import { type DescField, type DescFile, type FileRegistry, ScalarType } from '@bufbuild/protobuf';
import { locatePeer } from '@switchyard/testkit';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { evaluationRegistries } from '../../src/sdk/flagd/schema/evaluation.js';
import { syncV1Registry } from '../../src/sdk/flagd/schema/sync-v1.js';

// The server declares flagd's messages and services itself (src/sdk/flagd/schema/) so that it needs no file
// from outside the repository at build or run time. This test holds those declarations to the official
// .proto files of flagd-schemas, parsed here by an independent implementation (protobufjs): every message,
// field (name, number, type, cardinality, presence, oneof) and method (types, streaming) must match, and
// nothing may be missing or extra. Options that do not reach the wire (deprecation notes, language
// packages) are not compared.

const schemas = locatePeer(
  'flagd-schemas',
  'checking the flagd protocol declarations against the official .proto files',
);

interface FieldShape {
  name: string;
  number: number;
  type: string;
  repeated: boolean;
  mapKey?: string;
  proto3Optional: boolean;
  oneof?: string;
}

interface FileShape {
  messages: Record<string, FieldShape[]>;
  services: Record<string, Array<{ name: string; input: string; output: string; serverStreaming: boolean }>>;
}

/** The official file, as protobufjs reads it. */
function officialShape(protoPath: string, packageName: string): FileShape {
  const root = new protobuf.Root().loadSync(protoPath, { keepCase: true });
  root.resolveAll();
  const namespace = root.lookup(packageName) as protobuf.Namespace;
  const shape: FileShape = { messages: {}, services: {} };
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) {
      shape.messages[nested.fullName.slice(1)] = nested.fieldsArray.map((field) => {
        const type = field.resolvedType ? field.resolvedType.fullName.slice(1) : field.type;
        const proto3Optional = field.options?.proto3_optional === true;
        return {
          name: field.name,
          number: field.id,
          type,
          repeated: field.repeated || field.map,
          ...(field instanceof protobuf.MapField && { mapKey: field.keyType }),
          proto3Optional,
          ...(field.partOf && !proto3Optional && { oneof: field.partOf.name }),
        };
      });
    } else if (nested instanceof protobuf.Service) {
      shape.services[nested.fullName.slice(1)] = nested.methodsArray.map((method) => ({
        name: method.name,
        input: method.resolvedRequestType!.fullName.slice(1),
        output: method.resolvedResponseType!.fullName.slice(1),
        serverStreaming: method.responseStream === true,
      }));
    }
  }
  return shape;
}

function scalarName(type: ScalarType): string {
  return ScalarType[type].toLowerCase();
}

function fieldShape(field: DescField): FieldShape {
  const common = { name: field.name, number: field.number, proto3Optional: field.proto.proto3Optional };
  switch (field.fieldKind) {
    case 'scalar':
      return {
        ...common,
        type: scalarName(field.scalar),
        repeated: false,
        ...(field.oneof && { oneof: field.oneof.name }),
      };
    case 'message':
      return {
        ...common,
        type: field.message.typeName,
        repeated: false,
        ...(field.oneof && { oneof: field.oneof.name }),
      };
    case 'map':
      return {
        ...common,
        type: field.mapKind === 'message' ? field.message.typeName : String(field.mapKind),
        repeated: true,
        mapKey: scalarName(field.mapKey),
      };
    default:
      throw new Error(`unexpected field kind ${field.fieldKind} in ${field.toString()}`);
  }
}

/** The server's declarations, as protobuf-es built them. */
function declaredShape(registry: FileRegistry, fileName: string): FileShape {
  const file = registry.getFile(fileName) as DescFile;
  const shape: FileShape = { messages: {}, services: {} };
  for (const message of file.messages) shape.messages[message.typeName] = message.fields.map(fieldShape);
  for (const service of file.services) {
    shape.services[service.typeName] = service.methods.map((method) => ({
      name: method.name,
      input: method.input.typeName,
      output: method.output.typeName,
      serverStreaming: method.methodKind === 'server_streaming',
    }));
  }
  return shape;
}

const files = [
  { path: 'flagd/sync/v1/sync.proto', package: 'flagd.sync.v1', registry: syncV1Registry },
  {
    path: 'flagd/evaluation/v1/evaluation.proto',
    package: 'flagd.evaluation.v1',
    registry: evaluationRegistries.v1,
  },
  {
    path: 'flagd/evaluation/v2/evaluation.proto',
    package: 'flagd.evaluation.v2',
    registry: evaluationRegistries.v2,
  },
];

describe.skipIf(schemas === null)('flagd protocol declarations match the official .proto files', () => {
  for (const file of files) {
    it(file.path, () => {
      const official = officialShape(join(schemas!, 'protobuf', file.path), file.package);
      const declared = declaredShape(file.registry, file.path);
      expect(Object.keys(declared.messages).sort()).toEqual(Object.keys(official.messages).sort());
      for (const [name, fields] of Object.entries(official.messages)) {
        expect(declared.messages[name], name).toEqual(fields);
      }
      expect(declared.services).toEqual(official.services);
    });
  }

  it('would notice a difference (the comparison itself works)', () => {
    const official = officialShape(
      join(schemas!, 'protobuf', 'flagd/evaluation/v2/evaluation.proto'),
      'flagd.evaluation.v2',
    );
    const v1 = declaredShape(evaluationRegistries.v1, 'flagd/evaluation/v1/evaluation.proto');
    const v1AsV2 = v1.messages['flagd.evaluation.v1.ResolveIntResponse'];
    expect(v1AsV2?.map((field) => field.proto3Optional)).not.toEqual(
      official.messages['flagd.evaluation.v2.ResolveIntResponse']?.map((field) => field.proto3Optional),
    );
  });
});
