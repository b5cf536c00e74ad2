import { checkKeys, checkNonEmptyString, describe, type Issues, isObject, pointer } from './issues.js';

const RING_KEYS = ['name', 'segment', 'condition'];

export function validateRings(issues: Issues, path: string, rings: unknown): void {
  if (rings === undefined) return;
  if (!Array.isArray(rings)) {
    issues.add(path, `rings must be an array, got ${describe(rings)}`);
    return;
  }
  const seen = new Set<string>();
  rings.forEach((ring: unknown, i: number) => {
    const at = pointer(path, i);
    if (!isObject(ring)) {
      issues.add(at, `rings[${i}] must be an object { name, segment | condition }, got ${describe(ring)}`);
      return;
    }
    checkKeys(issues, at, ring, RING_KEYS);
    if (checkNonEmptyString(issues, pointer(at, 'name'), ring.name, `rings[${i}].name`)) {
      if (seen.has(ring.name as string))
        issues.add(pointer(at, 'name'), `rings[${i}].name "${ring.name}" is used by an earlier ring`);
      seen.add(ring.name as string);
    }
    const hasSegment = ring.segment !== undefined;
    const hasCondition = ring.condition !== undefined;
    if (hasSegment === hasCondition) {
      issues.add(
        at,
        `rings[${i}] needs exactly one of "segment" (a segment key) or "condition" (JSON Logic)`,
      );
      return;
    }
    if (hasSegment) checkNonEmptyString(issues, pointer(at, 'segment'), ring.segment, `rings[${i}].segment`);
    else if (!isObject(ring.condition))
      issues.add(
        pointer(at, 'condition'),
        `rings[${i}].condition must be a JSON Logic object, got ${describe(ring.condition)}`,
      );
  });
}
