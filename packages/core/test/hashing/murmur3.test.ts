import { murmur3Utf8 } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { murmur3Prefix, murmur3Utf8Continue } from '../../src/hashing/murmur3.js';

/** An independent byte-oriented MurmurHash3 x86_32 (seed 0), written from the reference algorithm. */
function referenceMurmur(bytes: Uint8Array): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = 0;
  const blocks = bytes.length - (bytes.length % 4);
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = bytes.length % 4;
  if (tail === 3) k ^= bytes[blocks + 2]! << 16;
  if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
  if (tail >= 1) {
    k ^= bytes[blocks]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('murmur3Utf8', () => {
  // Vectors from the flagd testbed, as listed in flagd-compat-notes.md §1.5.
  test.each([
    ['fractional-flagjack', 2682799072],
    ['fractional-flagqueen', 4278517551],
    ['fractional-flagten', 801845258],
    ['fractional-flagnine', 1406129861],
    ['fractional-flag3', 604371928],
    ['shared-seedseven', 2854277753],
    ['shared-seedeight', 1563615273],
    ['shared-seednine', 803549583],
    ['shared-seedtwo', 3695917884],
    ['fractional-flag-shorthandjon@company.com', 618039204],
    ['fractional-flag-shorthandjane@company.com', 2316038310],
    ['ejOoVL', 0],
    ['bY9fO-', 1],
    ['SI7p-', 2147483647],
    ['6LvT0', 2147483648],
    ['ceQdGm', 4294967295],
    ['jon@company.com', 1557731397],
    ['user1', 3305849917],
  ])('%s hashes to %d', (key, hash) => {
    expect(murmur3Utf8(key)).toBe(hash);
  });

  test('hashes the UTF-8 bytes, not UTF-16 code units, for non-ASCII keys', () => {
    for (const key of ['ü', 'café-user', 'ユーザー42', '😀', 'a😀b', 'Ωmega', '\u0000']) {
      expect(murmur3Utf8(key)).toBe(referenceMurmur(utf8(key)));
    }
    // A UTF-16 hasher would see 'é' as one unit 0x00e9; UTF-8 sees the two bytes c3 a9.
    expect(murmur3Utf8('é')).not.toBe(referenceMurmur(new Uint8Array([0xe9])));
  });

  test('encodes lone surrogates as U+FFFD, like every UTF-8 encoder', () => {
    expect(murmur3Utf8('a\ud800b')).toBe(referenceMurmur(utf8('a\ud800b')));
    expect(murmur3Utf8('\udc00')).toBe(referenceMurmur(utf8('\ufffd')));
  });

  test('agrees with the byte reference on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 40 }),
        (key) => murmur3Utf8(key) === referenceMurmur(utf8(key)),
      ),
      { numRuns: 5000 },
    );
  });

  test('a precomputed prefix continued with a suffix equals hashing the concatenation', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        (a, b) => {
          return murmur3Utf8Continue(murmur3Prefix(a), b) === murmur3Utf8(a + b);
        },
      ),
      { numRuns: 5000 },
    );
    expect(murmur3Utf8Continue(murmur3Prefix('fractional-flag-shorthand'), 'jon@company.com')).toBe(
      618039204,
    );
  });
});
