import { Type } from '@sinclair/typebox';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { keyView } from './sdk-key-service.js';

const sdkKeyFields = {
  id: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('server'), Type.Literal('client')]),
  prefix: Type.String({ description: 'The start of the key, to recognise it' }),
  project: Type.String(),
  environment: Type.String(),
  createdAt: Timestamp,
  revokedAt: Nullable(Timestamp),
};

/** An SDK key without the key itself (only its hash is stored). */
export const SdkKeySchema = Type.Object(sdkKeyFields, { title: 'SdkKey' });

export const SdkKeyListSchema = Type.Object({ sdkKeys: Type.Array(SdkKeySchema) }, { title: 'SdkKeyList' });

/** The answer to creating a key: the only time `key` is ever shown. */
export const CreatedSdkKeySchema = Type.Object(
  { ...sdkKeyFields, key: Type.String({ description: 'The SDK key; not retrievable again' }) },
  { title: 'CreatedSdkKey' },
);

export type SdkKeyViewMatches = Assert<SameShape<ReturnType<typeof keyView>, typeof SdkKeySchema>>;
