import { create, type DescService, type FileRegistry } from '@bufbuild/protobuf';
import {
  type DescriptorProto,
  DescriptorProtoSchema,
  type FieldDescriptorProto,
  FieldDescriptorProtoSchema,
  type FileDescriptorProto,
  FileDescriptorProtoSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
} from '@bufbuild/protobuf/wkt';

// A proto3 file described as data, turned into the google.protobuf.FileDescriptorProto that protoc would
// produce for it. protobuf-es builds its runtime descriptors from that, so encoding, decoding and the JSON
// mapping all come from the library; only the declarations (names, numbers, types) are written here.

type ScalarName = 'string' | 'bool' | 'double' | 'int64';

const SCALAR_TYPES: Record<ScalarName, Type> = {
  string: Type.STRING,
  bool: Type.BOOL,
  double: Type.DOUBLE,
  int64: Type.INT64,
};

export type FieldSpec = { name: string; number: number } & (
  | {
      /** A scalar type, or a message type: a fully qualified name with a leading dot, or one of the file. */
      type: ScalarName | `.${string}` | `#${string}`;
      /** proto3 `optional` (explicit presence). */
      optional?: boolean;
      /** Member of this (real) oneof of the message. */
      oneof?: string;
    }
  | { map: { key: 'string'; value: `#${string}` } }
);

export interface MessageSpec {
  name: string;
  fields: FieldSpec[];
}

export interface MethodSpec {
  name: string;
  input: string;
  output: string;
  serverStreaming?: boolean;
}

export interface FileSpec {
  /** Path as the file is imported, e.g. `flagd/sync/v1/sync.proto`. */
  name: string;
  package: string;
  dependencies: string[];
  messages: MessageSpec[];
  services: Array<{ name: string; methods: MethodSpec[] }>;
}

/** A proto3 file as protoc would describe it. `#Name` refers to a message of the same file. */
export function fileDescriptor(spec: FileSpec): FileDescriptorProto {
  const local = (name: string) => `.${spec.package}.${name}`;
  const typeName = (ref: string) => (ref.startsWith('#') ? local(ref.slice(1)) : ref);
  return create(FileDescriptorProtoSchema, {
    name: spec.name,
    package: spec.package,
    dependency: spec.dependencies,
    syntax: 'proto3',
    messageType: spec.messages.map((message) => messageDescriptor(message, local(message.name), typeName)),
    service: spec.services.map((service) => ({
      name: service.name,
      method: service.methods.map((method) => ({
        name: method.name,
        inputType: local(method.input),
        outputType: local(method.output),
        ...(method.serverStreaming && { serverStreaming: true }),
      })),
    })),
  });
}

function messageDescriptor(
  spec: MessageSpec,
  fullName: string,
  typeName: (ref: string) => string,
): DescriptorProto {
  // protoc numbers the declared oneofs first, then one synthetic oneof per proto3 optional field.
  const oneofs = [
    ...new Set(spec.fields.flatMap((field) => ('oneof' in field && field.oneof ? [field.oneof] : []))),
  ];
  const synthetic = spec.fields.filter((field) => 'optional' in field && field.optional);
  const message = create(DescriptorProtoSchema, {
    name: spec.name,
    oneofDecl: [...oneofs, ...synthetic.map((field) => `_${field.name}`)].map((name) => ({ name })),
  });
  for (const field of spec.fields) {
    if ('map' in field) {
      const entryName = `${upperCamelCase(field.name)}Entry`;
      message.nestedType.push(
        create(DescriptorProtoSchema, {
          name: entryName,
          field: [
            fieldDescriptor('key', 1, SCALAR_TYPES[field.map.key]),
            fieldDescriptor('value', 2, Type.MESSAGE, typeName(field.map.value)),
          ],
          options: { mapEntry: true },
        }),
      );
      const entry = fieldDescriptor(field.name, field.number, Type.MESSAGE, `${fullName}.${entryName}`);
      entry.label = Label.REPEATED;
      message.field.push(entry);
      continue;
    }
    const isScalar = field.type in SCALAR_TYPES;
    const descriptor = isScalar
      ? fieldDescriptor(field.name, field.number, SCALAR_TYPES[field.type as ScalarName])
      : fieldDescriptor(field.name, field.number, Type.MESSAGE, typeName(field.type));
    if (field.oneof) descriptor.oneofIndex = oneofs.indexOf(field.oneof);
    if (field.optional) {
      descriptor.proto3Optional = true;
      descriptor.oneofIndex = oneofs.length + synthetic.indexOf(field);
    }
    message.field.push(descriptor);
  }
  return message;
}

function fieldDescriptor(name: string, number: number, type: Type, typeName?: string): FieldDescriptorProto {
  return create(FieldDescriptorProtoSchema, {
    name,
    number,
    label: Label.OPTIONAL,
    type,
    ...(typeName !== undefined && { typeName }),
    jsonName: lowerCamelCase(name),
  });
}

/** protoc's json_name: `flag_key` → `flagKey`. */
function lowerCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

function upperCamelCase(name: string): string {
  const lower = lowerCamelCase(name);
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** A service of `registry`; it exists by construction, so a missing one is a programming error. */
export function declaredService(registry: FileRegistry, typeName: string): DescService {
  const service = registry.getService(typeName);
  if (!service) throw new Error(`service ${typeName} is not declared`);
  return service;
}
