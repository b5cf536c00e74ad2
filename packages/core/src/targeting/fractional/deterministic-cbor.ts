/**
 * Deterministic CBOR (RFC 8949 §4.2.1, preferred serialisation) of JSON values, as flagd's fractional v3
 * hashes bucketing keys: integral numbers as integers, other numbers as the shortest exact float, map
 * keys sorted bytewise by their encoding. Returns undefined for values JSON cannot hold.
 */
export function encodeDeterministicCbor(value: unknown): Uint8Array | undefined {
  const out: number[] = [];
  return write(out, value) ? Uint8Array.from(out) : undefined;
}

const TWO_32 = 2 ** 32;
const TWO_64 = 2n ** 64n;

function head(out: number[], major: number, value: number | bigint): void {
  const m = major << 5;
  if (typeof value === 'number' && value < 24) out.push(m | value);
  else if (typeof value === 'number' && value < 0x100) out.push(m | 24, value);
  else if (typeof value === 'number' && value < 0x10000) out.push(m | 25, value >> 8, value & 0xff);
  else if (typeof value === 'number' && value < TWO_32) {
    out.push(m | 26, (value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  } else {
    let big = BigInt(value);
    const bytes: number[] = [];
    for (let i = 0; i < 8; i++) {
      bytes.unshift(Number(big & 0xffn));
      big >>= 8n;
    }
    out.push(m | 27, ...bytes);
  }
}

/** UTF-8 bytes of a string (lone surrogates as U+FFFD); the core uses no platform encoder. */
function utf8(text: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        c = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return bytes;
}

function writeText(out: number[], text: string): void {
  const bytes = utf8(text);
  head(out, 3, bytes.length);
  for (const b of bytes) out.push(b);
}

/** The half-precision bits of `value` when it is exactly representable as a half float. */
function halfBits(value: number): number | undefined {
  if (Number.isNaN(value)) return 0x7e00;
  if (!Number.isFinite(value)) return value > 0 ? 0x7c00 : 0xfc00;
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, value);
  if (view.getFloat32(0) !== value) return undefined;
  const bits = view.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127;
  const mantissa = bits & 0x7fffff;
  if (exponent >= -14 && exponent <= 15) {
    if (mantissa & 0x1fff) return undefined;
    return sign | ((exponent + 15) << 10) | (mantissa >> 13);
  }
  if (exponent >= -24 && exponent < -14) {
    const full = mantissa | 0x800000;
    const shift = -(exponent + 1);
    if (full & ((1 << shift) - 1)) return undefined;
    return sign | (full >> shift);
  }
  return undefined;
}

function writeNumber(out: number[], value: number): void {
  if (Number.isInteger(value) && value >= -(2 ** 63) && value < 2 ** 64) {
    // -0.0 and 1.0 are integers too: the encoding depends on the value, not on how it was written.
    if (value >= 0) head(out, 0, value === 0 ? 0 : value < TWO_32 ? value : BigInt(value) % TWO_64);
    else head(out, 1, -1 - value < TWO_32 ? -1 - value : -1n - BigInt(value));
    return;
  }
  const half = halfBits(value);
  if (half !== undefined) {
    out.push(0xf9, half >> 8, half & 0xff);
    return;
  }
  const view = new DataView(new ArrayBuffer(8));
  if (Math.fround(value) === value) {
    view.setFloat32(0, value);
    out.push(0xfa, ...new Uint8Array(view.buffer, 0, 4));
  } else {
    view.setFloat64(0, value);
    out.push(0xfb, ...new Uint8Array(view.buffer, 0, 8));
  }
}

function compareBytes(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function write(out: number[], value: unknown): boolean {
  if (value === null) out.push(0xf6);
  else if (value === true) out.push(0xf5);
  else if (value === false) out.push(0xf4);
  else if (typeof value === 'number') writeNumber(out, value);
  else if (typeof value === 'string') writeText(out, value);
  else if (Array.isArray(value)) {
    head(out, 4, value.length);
    for (const item of value) if (!write(out, item)) return false;
  } else if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries: Array<[number[], unknown]> = [];
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const encodedKey: number[] = [];
      writeText(encodedKey, key);
      entries.push([encodedKey, item]);
    }
    entries.sort((a, b) => compareBytes(a[0], b[0]));
    head(out, 5, entries.length);
    for (const [encodedKey, item] of entries) {
      out.push(...encodedKey);
      if (!write(out, item)) return false;
    }
  } else return false;
  return true;
}
