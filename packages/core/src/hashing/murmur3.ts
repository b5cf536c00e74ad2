const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function scramble(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

function mixBlock(h: number, k: number): number {
  h ^= scramble(k);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalize(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashing state after some bytes: lets a constant prefix (a flag key) be hashed once, at load time. */
export interface Murmur3State {
  readonly h: number;
  /** Bytes of the current, incomplete 4-byte block, little-endian. */
  readonly word: number;
  readonly filled: number;
  readonly length: number;
}

const EMPTY: Murmur3State = { h: 0, word: 0, filled: 0, length: 0 };

/** Packs the UTF-8 encoding of the code point starting at `i` into an int; sets the byte count. */
function encodeAt(key: string, i: number, out: { count: number; width: number }): number {
  let c = key.charCodeAt(i);
  out.width = 1;
  if (c < 0x800) {
    out.count = 2;
    return 0xc0 | (c >> 6) | ((0x80 | (c & 0x3f)) << 8);
  }
  const next = i + 1 < key.length ? key.charCodeAt(i + 1) : 0;
  if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
    const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
    out.count = 4;
    out.width = 2;
    return (
      0xf0 |
      (cp >> 18) |
      ((0x80 | ((cp >> 12) & 0x3f)) << 8) |
      ((0x80 | ((cp >> 6) & 0x3f)) << 16) |
      ((0x80 | (cp & 0x3f)) << 24)
    );
  }
  if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // A lone surrogate encodes as U+FFFD.
  out.count = 3;
  return 0xe0 | (c >> 12) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
}

function feed(state: Murmur3State, key: string): Murmur3State {
  let { h, word, filled, length } = state;
  const n = key.length;
  const encoded = { count: 0, width: 1 };
  let i = 0;
  while (i < n) {
    const c = key.charCodeAt(i);
    if (c < 0x80) {
      // ASCII, the common case: four characters make a whole block when the block is empty.
      if (filled === 0 && i + 3 < n) {
        const c1 = key.charCodeAt(i + 1);
        const c2 = key.charCodeAt(i + 2);
        const c3 = key.charCodeAt(i + 3);
        if ((c1 | c2 | c3) < 0x80) {
          h = mixBlock(h, c | (c1 << 8) | (c2 << 16) | (c3 << 24));
          length += 4;
          i += 4;
          continue;
        }
      }
      word |= c << (filled << 3);
      length++;
      i++;
      if (++filled === 4) {
        h = mixBlock(h, word);
        word = 0;
        filled = 0;
      }
      continue;
    }
    let bytes = encodeAt(key, i, encoded);
    i += encoded.width;
    length += encoded.count;
    for (let b = 0; b < encoded.count; b++) {
      word |= (bytes & 0xff) << (filled << 3);
      bytes >>>= 8;
      if (++filled === 4) {
        h = mixBlock(h, word);
        word = 0;
        filled = 0;
      }
    }
  }
  return { h, word, filled, length };
}

function digest(state: Murmur3State): number {
  let h = state.h;
  if (state.filled > 0) h ^= scramble(state.word);
  return finalize(h, state.length);
}

/** The state after hashing `prefix`, to be continued with `murmur3Utf8Continue`. */
export function murmur3Prefix(prefix: string): Murmur3State {
  return feed(EMPTY, prefix);
}

/** MurmurHash3 of prefix + suffix, given the prefix's precomputed state (no string concatenation). */
export function murmur3Utf8Continue(prefix: Murmur3State, suffix: string): number {
  return digest(feed(prefix, suffix));
}

/**
 * MurmurHash3 x86 32-bit (seed 0) over the UTF-8 bytes of `key`, as flagd's Go evaluator hashes.
 * Encodes on the fly (no buffer): hashing UTF-16 code units instead would diverge from flagd on any
 * non-ASCII key. Lone surrogates encode as U+FFFD, as every UTF-8 encoder does.
 */
export function murmur3Utf8(key: string): number {
  return digest(feed(EMPTY, key));
}

/** MurmurHash3 x86 32-bit (seed 0) over raw bytes (for keys that are encoded, not plain text). */
export function murmur3Bytes(bytes: Uint8Array): number {
  let h = 0;
  const blocks = bytes.length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    h = mixBlock(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
  }
  let word = 0;
  for (let i = blocks; i < bytes.length; i++) word |= bytes[i]! << ((i - blocks) << 3);
  return digest({ h, word, filled: bytes.length - blocks, length: bytes.length });
}
