import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SDK_INFO } from '../../src/sdk-info.js';

describe('SDK_INFO', () => {
  it('is the name and version of this package', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(SDK_INFO).toEqual({ name: pkg.name, version: pkg.version });
  });
});
