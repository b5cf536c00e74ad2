import fc from 'fast-check';
import { expect, test } from 'vitest';
import { StringList } from '../../src/targeting/string-list.js';

// A StringList answers as the list's `includes` would for a string, and false for anything else:
// the filter may pass non-members (then the list is scanned) but must never turn a member away.

const shortText = fc.string({ maxLength: 12, unit: 'binary' });

test('membership agrees with the list for members, non-members and other types', () => {
  fc.assert(
    fc.property(
      fc.array(shortText, { minLength: 0, maxLength: 512 }),
      fc.array(fc.oneof(shortText, fc.integer(), fc.boolean(), fc.constant(null)), { maxLength: 50 }),
      (members, probes) => {
        const list = StringList.of(members)!;
        expect(list).toBeDefined();
        for (const member of members) expect(list.has(member)).toBe(true);
        for (const probe of probes)
          expect(list.has(probe)).toBe(typeof probe === 'string' && members.includes(probe));
      },
    ),
    { numRuns: 300 },
  );
});

test('ids differing in one character are told apart, and most non-members never reach the scan', () => {
  for (const length of [5, 64, 100, 512]) {
    const ids = Array.from({ length }, (_, i) => `user-${i * 2}`);
    // The list reads its members through this proxy, which counts the probes that scanned them.
    let scanned = false;
    const members = new Proxy(ids, {
      get(target, property, receiver) {
        if (typeof property === 'string' && /^\d+$/.test(property)) scanned = true;
        return Reflect.get(target, property, receiver);
      },
    });
    const list = StringList.of(members)!;
    for (let i = 0; i < 2 * length; i++) {
      expect(list.has(`user-${i}`)).toBe(i % 2 === 0);
      expect(list.has(`user-${i} `)).toBe(false);
    }
    // About 2.5% of non-members pass the filter at ten bits a member.
    let passed = 0;
    for (let i = 0; i < 10_000; i++) {
      scanned = false;
      expect(list.has(`other-${i}`)).toBe(false);
      if (scanned) passed++;
    }
    expect(passed).toBeGreaterThan(0);
    expect(passed / 10_000).toBeLessThan(0.06);
  }
});

test('lists it cannot hold are refused: other types than strings, more than 512 members', () => {
  expect(StringList.of(['a', 'b', 'c', 'd', 1])).toBeUndefined();
  expect(StringList.of(['a', 'b', 'c', 'd', null])).toBeUndefined();
  expect(StringList.of(Array.from({ length: 513 }, (_, i) => `id-${i}`))).toBeUndefined();
  expect(StringList.of(Array.from({ length: 512 }, (_, i) => `id-${i}`))).toBeDefined();
});
