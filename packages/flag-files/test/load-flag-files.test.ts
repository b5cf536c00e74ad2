import { FlagSet } from '@switchyard/core';
import { launchpadFlagFiles, loadLaunchpadFlags, locateFlagdTestbed } from '@switchyard/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFileProblem, loadFlagFiles } from '../src/index.js';
import { TempDir } from './support/temp-dir.js';

const dir = new TempDir();
afterAll(() => dir.remove());

const onOff = (defaultVariant: string) => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant,
});

describe('loadFlagFiles', () => {
  it('reads JSON, YAML and the array form and combines them, the later file winning', async () => {
    const json = dir.write('a.json', { flags: { shared: onOff('on'), onlyA: onOff('on') } });
    const yaml = dir.write(
      'b.yaml',
      'flags:\n  shared:\n    state: ENABLED\n    variants: {on: true, off: false}\n    defaultVariant: "off"\n',
    );
    const array = dir.write('c.json', { flags: [{ key: 'fromArray', ...onOff('on') }] });
    const loaded = await loadFlagFiles([json, yaml, array], dir.path);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatFileProblem).join('\n'));
    expect(loaded.files.map((file) => file.format)).toEqual(['json', 'yaml', 'json']);
    expect(loaded.combined.owners).toEqual(
      new Map([
        ['shared', 'b.yaml'],
        ['onlyA', 'a.json'],
        ['fromArray', 'c.json'],
      ]),
    );
    const set = FlagSet.parse(loaded.combined.document);
    expect(set.resolve('shared', {}).value).toBe(false);
    expect(set.resolve('fromArray', {}).value).toBe(true);
  });

  it('lists every problem of every file, including what flagd refuses in a flag a later file replaces', async () => {
    const refused = dir.write('refused.json', {
      flags: [
        { key: 'a', ...onOff('missing') },
        { key: 'b', ...onOff('on'), state: 'SOMETIMES' },
      ],
    });
    const replacing = dir.write('replacing.json', { flags: { a: onOff('on'), b: onOff('on') } });
    const broken = dir.write('broken.json', '{"flags": {\n  "x": }');
    const loaded = await loadFlagFiles([refused, replacing, broken, 'absent.yaml'], dir.path);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map(formatFileProblem)).toEqual([
      `refused.json: /flags/0/defaultVariant: "missing" is not one of the flag's variants`,
      'refused.json: /flags/1/state: must be "ENABLED" or "DISABLED", got "SOMETIMES"',
      'broken.json:2:8: invalid JSON: unexpected "}", expected a value',
      'absent.yaml: file not found',
    ]);
  });

  it('tolerates what flagd tolerates: a flag whose targeting does not compile answers PARSE_ERROR', async () => {
    const file = dir.write('lenient.json', {
      flags: { odd: { ...onOff('on'), targeting: { no_such_operator: [1] }, targetting: {} } },
    });
    const loaded = await loadFlagFiles([file], dir.path);
    expect(loaded.ok && FlagSet.parse(loaded.combined.document).resolve('odd', {}).errorCode).toBe(
      'PARSE_ERROR',
    );
  });

  const testbed = locateFlagdTestbed();
  it.skipIf(testbed === null)(
    "answers the testbed's flag files as flagd answers the launchpad's merged allFlags.json",
    async () => {
      const loaded = await loadFlagFiles(launchpadFlagFiles(testbed!));
      if (!loaded.ok) throw new Error(loaded.problems.map(formatFileProblem).join('\n'));
      const combined = FlagSet.parse(loaded.combined.document);
      const merged = FlagSet.parse(loadLaunchpadFlags(testbed!));
      expect(combined.flagKeys).toEqual(merged.flagKeys);
      const contexts = [
        {},
        { targetingKey: 'jon@company.com', email: 'ballmer@macrosoft.com', version: '2.1.0', age: 30 },
        { targetingKey: 'user-2', email: 'ballmer@none.com', customer: true, time: 1 },
        { targetingKey: '', id: 3, locale: 'de-DE', fn: 'Sulisław', ln: 'Świętopełk' },
      ];
      for (const key of merged.flagKeys) {
        for (const context of contexts) {
          expect(combined.resolve(key, context), `${key} ${JSON.stringify(context)}`).toEqual(
            merged.resolve(key, context),
          );
        }
      }
      // zero-flags.json uses evaluator-refs.json's is_ballmer: the one place the testbed needs the fallback.
      expect(
        new Set(loaded.combined.borrowedRefs.map((ref) => `${ref.file} → ${ref.name} (${ref.from})`)),
      ).toEqual(
        new Set([
          `${launchpadFlagFiles(testbed!).find((f) => f.endsWith('zero-flags.json'))} → is_ballmer (${launchpadFlagFiles(testbed!).find((f) => f.endsWith('evaluator-refs.json'))})`,
        ]),
      );
    },
  );
});
