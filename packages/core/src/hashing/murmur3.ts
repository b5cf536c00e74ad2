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

/**
 * MurmurHash3 x86 32-bit (seed 0) over the UTF-8 bytes of `key`, as flagd's Go evaluator hashes.
 * Encodes on the fly (no buffer): hashing UTF-16 code units instead would diverge from flagd on any
 * non-ASCII key. Lone surrogates encode as U+FFFD, as every UTF-8 encoder does.
 */
export function murmur3Utf8(key: string): number {
  let h = 0;
  let word = 0;
  let filled = 0;
  let length = 0;
  const n = key.length;
  for (let i = 0; i < n; i++) {
    let c = key.charCodeAt(i);
    let bytes: number;
    let count: number;
    if (c < 0x80) {
      // ASCII: one byte, the common case.
      word |= c << (filled << 3);
      length++;
      if (++filled === 4) {
        h = mixBlock(h, word);
        word = 0;
        filled = 0;
      }
      continue;
    }
    if (c < 0x800) {
      bytes = 0xc0 | (c >> 6) | ((0x80 | (c & 0x3f)) << 8);
      count = 2;
    } else {
      const next = i + 1 < n ? key.charCodeAt(i + 1) : 0;
      if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        i++;
        bytes =
          0xf0 |
          (cp >> 18) |
          ((0x80 | ((cp >> 12) & 0x3f)) << 8) |
          ((0x80 | ((cp >> 6) & 0x3f)) << 16) |
          ((0x80 | (cp & 0x3f)) << 24);
        count = 4;
      } else {
        if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
        bytes = 0xe0 | (c >> 12) | ((0x80 | ((c >> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
        count = 3;
      }
    }
    length += count;
    for (let b = 0; b < count; b++) {
      word |= (bytes & 0xff) << (filled << 3);
      bytes >>>= 8;
      if (++filled === 4) {
        h = mixBlock(h, word);
        word = 0;
        filled = 0;
      }
    }
  }
  if (filled > 0) h ^= scramble(word);
  return finalize(h, length);
}
