import { readFileSync } from 'node:fs';
import { parseProjectFileText, projectFileSchema } from '@switchyard/flag-files';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const guide = readFileSync(new URL('../docs/flags-as-code.md', import.meta.url), 'utf8');
const example = /```yaml\n(# yaml-language-server[\s\S]*?)```/.exec(guide)?.[1];

describe('the flags-as-code guide', () => {
  it('shows an example file that the CLI and the published JSON Schema both accept', () => {
    expect(example).toBeDefined();
    const read = parseProjectFileText('shop.yaml', example ?? '');
    expect(read.ok ? [] : read.problems).toEqual([]);
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(projectFileSchema);
    expect(validate(parseYaml(example ?? '')), JSON.stringify(validate.errors)).toBe(true);
  });

  it('shows the misspelt-key message the CLI really prints', () => {
    const broken = (example ?? '').replace('    kind: release', '    knd: release');
    const read = parseProjectFileText('shop.yaml', broken);
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems.map((p) => p.message)).toEqual([
      `unknown property "knd" (did you mean 'kind'?)`,
    ]);
  });
});
