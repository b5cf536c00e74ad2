import { Type } from '@sinclair/typebox';
import type { JsonValue } from '@switchyard/core';
import { type Assert, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { segmentView } from './segment-service.js';

export const SegmentSchema = Type.Object(
  {
    key: Type.String({ description: 'Its name in $evaluators' }),
    name: Type.String(),
    description: Type.String(),
    rule: Type.Unsafe<JsonValue>({ description: 'A JSON Logic condition' }),
    version: Type.Integer({ description: 'Also the ETag' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Segment' },
);

export const SegmentListSchema = Type.Object(
  { segments: Type.Array(SegmentSchema) },
  { title: 'SegmentList' },
);

export type SegmentViewMatches = Assert<SameShape<ReturnType<typeof segmentView>, typeof SegmentSchema>>;
