import { describe, expect, test } from 'vitest';
import { encodeDeterministicCbor } from '../../src/targeting/fractional/deterministic-cbor.js';

const hex = (value: unknown) => Buffer.from(encodeDeterministicCbor(value)!).toString('hex');

describe('deterministic CBOR (fractional v3 key encoding)', () => {
  // Byte vectors from flagd-compat-notes.md §1.4-1.5 and RFC 8949 Appendix A.
  test.each<[unknown, string]>([
    ['user1', '657573657231'],
    [123, '187b'],
    [true, 'f5'],
    [false, 'f4'],
    [null, 'f6'],
    [1.23, 'fb3ff3ae147ae147ae'],
    [-25, '3818'],
    [{ b: 2, a: 1 }, 'a2616101616202'],
    [0, '00'],
    [-0, '00'],
    [1.0, '01'],
    [23, '17'],
    [24, '1818'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [1000000000000, '1b000000e8d4a51000'],
    [9007199254740992, '1b0020000000000000'],
    [-1000, '3903e7'],
    [65504.0, '19ffe0'],
    [0.00006103515625, 'f90400'],
    [2 ** -24, 'f90001'],
    [1.5, 'f93e00'],
    [100000.5, 'fa47c35040'],
    [3.4028234663852886e38, 'fa7f7fffff'],
    [1.1, 'fb3ff199999999999a'],
    [[1, [2, 3]], '8201820203'],
    [{ z: 1, aa: 2 }, 'a2617a0162616102'],
    ['ü', '62c3bc'],
    ['😀', '64f09f9880'],
  ])('%j → %s', (value, expected) => {
    expect(hex(value)).toBe(expected);
  });

  test('the implicit key is the 2-element array [flagKey, targetingKey]', () => {
    expect(hex(['fractional-flag-shorthand', 'user-1'])).toMatch(/^8278196672616374696f6e616c2d666c6167/);
  });

  test('values JSON cannot hold are refused', () => {
    expect(encodeDeterministicCbor(new Date())).toBeUndefined();
    expect(encodeDeterministicCbor(undefined)).toBeUndefined();
    expect(encodeDeterministicCbor([1, () => 1])).toBeUndefined();
  });
});
