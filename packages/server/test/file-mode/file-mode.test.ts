import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlagFileError } from '../../src/file-mode/flag-file-error.js';
import { FILE_MODE_ENVIRONMENT, loadFileMode } from '../../src/file-mode/start-file-mode.js';
import { FlagSetRegistry } from '../../src/flag-sets/flag-set-registry.js';

const onOff = (defaultVariant: string) => ({
  state: 'ENABLED',
  variants: { on: true, off: false },
  defaultVariant,
});

let dir: string;
let registry: FlagSetRegistry;
const logs: Array<{ level: string; details: object; message: string }> = [];
const log = {
  info: (details: object, message: string) => logs.push({ level: 'info', details, message }),
  warn: (details: object, message: string) => logs.push({ level: 'warn', details, message }),
  error: (details: object, message: string) => logs.push({ level: 'error', details, message }),
};
const closers: Array<{ close(): Promise<void> }> = [];
const start = async (files: string[]) => {
  const handle = await loadFileMode(files, registry, log, { debounceMs: 30 });
  closers.push(handle);
  return handle;
};
const servedValue = (flag: string) =>
  registry.get(FILE_MODE_ENVIRONMENT.environmentId)?.flagSet.resolve(flag, {}).value;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-file-mode-'));
  registry = new FlagSetRegistry();
  logs.length = 0;
});
afterEach(async () => {
  for (const closer of closers.splice(0)) await closer.close();
  await rm(dir, { recursive: true, force: true });
});

describe('file mode', () => {
  it('serves a JSON file, a YAML file and the daemon array form combined in order (later wins)', async () => {
    const json = join(dir, 'a.json');
    const yaml = join(dir, 'b.flagd.yaml');
    const array = join(dir, 'c.json');
    await writeFile(
      json,
      JSON.stringify({ flags: { shared: onOff('on'), onlyA: onOff('on') }, metadata: { from: 'a' } }),
    );
    await writeFile(
      yaml,
      [
        'flags:',
        '  shared:',
        '    state: ENABLED',
        '    variants: { on: true, off: false }',
        '    defaultVariant: "off"',
        '',
      ].join('\n'),
    );
    await writeFile(array, JSON.stringify({ flags: [{ key: 'fromArray', ...onOff('on') }] }));
    await start([json, yaml, array]);
    expect(servedValue('shared')).toBe(false);
    expect(servedValue('onlyA')).toBe(true);
    expect(servedValue('fromArray')).toBe(true);
    // a.json's flag-set metadata belongs to a.json's flags only, as in flagd.
    const set = registry.get('file')!.flagSet;
    expect(set.resolve('onlyA', {}).flagMetadata).toEqual({ from: 'a' });
    expect(set.resolve('shared', {}).flagMetadata).toEqual({});
    expect(set.resolve('fromArray', {}).flagMetadata).toEqual({});
  });

  it('keeps each file its own $evaluators in the one published document', async () => {
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    const targeted = { ...onOff('off'), targeting: { if: [{ $ref: 'staff' }, 'on', 'off'] } };
    const staff = (domain: string) => ({ ends_with: [{ var: 'email' }, domain] });
    await writeFile(
      a,
      JSON.stringify({ flags: { fromA: targeted }, $evaluators: { staff: staff('@a.com') } }),
    );
    await writeFile(
      b,
      JSON.stringify({ flags: { fromB: targeted }, $evaluators: { staff: staff('@b.com') } }),
    );
    await start([a, b]);
    const published = registry.get('file')!;
    expect(published.document.$evaluators).toEqual({ staff: staff('@b.com'), 'staff@1': staff('@a.com') });
    expect(published.flagSet.resolve('fromA', { email: 'x@a.com' }).variant).toBe('on');
    expect(published.flagSet.resolve('fromA', { email: 'x@b.com' }).variant).toBe('off');
    expect(published.flagSet.resolve('fromB', { email: 'x@b.com' }).variant).toBe('on');
    expect(logs.find((entry) => entry.message === 'flag files loaded')?.details).toMatchObject({
      renamedEvaluators: [{ file: a, name: 'staff', publishedName: 'staff@1' }],
    });
  });

  it('logs what loads but looks wrong: misspelt properties, repeated JSON keys, $refs of another file', async () => {
    const file = join(dir, 'flags.json');
    const refs = join(dir, 'refs.json');
    await writeFile(
      file,
      `{"flags": {"a": ${JSON.stringify({ ...onOff('on'), targetting: {} })},\n"a": ${JSON.stringify(onOff('on'))}}}`,
    );
    await writeFile(
      refs,
      JSON.stringify({
        flags: {
          b: { ...onOff('off'), targeting: { if: [{ $ref: 'x' }, 'on', 'off'] }, defualtVariant: 'on' },
        },
      }),
    );
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ flags: {}, $evaluators: { x: { '==': [1, 1] } } }));
    await start([file, other, refs]);
    expect(logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message)).toEqual([
      `${file}:2:1: warning: duplicate key "a" replaces the one at line 1, column 12`,
      `${refs}: /flags/b/defualtVariant: warning: unknown property "defualtVariant"; did you mean "defaultVariant"?`,
      `${refs}: /flags/b/targeting/if/0: warning: $ref "x" is not defined in this file and uses the evaluator of ${other} (flagd, loading the files as separate sources, answers PARSE_ERROR)`,
    ]);
    expect(servedValue('b')).toBe(true);
  });

  it('refuses to start when a file is missing or is not a flag set, naming the file', async () => {
    await expect(start([join(dir, 'missing.json')])).rejects.toThrow(/missing\.json: file not found/);
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, '{\n  "flags": { nope');
    const failure = start([notJson]);
    await expect(failure).rejects.toBeInstanceOf(FlagFileError);
    await expect(failure).rejects.toThrow(
      `${notJson}:2:14: invalid JSON: expected a double-quoted property name, found "n"`,
    );
    const noFlags = join(dir, 'empty.yaml');
    await writeFile(noFlags, 'something: else\n');
    await expect(start([noFlags])).rejects.toThrow(`${noFlags}: /flags: is required`);
    const noKey = join(dir, 'array.json');
    await writeFile(noKey, JSON.stringify({ flags: [{ state: 'ENABLED' }] }));
    await expect(start([noKey])).rejects.toThrow(/\/flags\/0\/key/);
  });

  it('lists every problem of every file before refusing to start', async () => {
    const badYaml = join(dir, 'bad.yaml');
    await writeFile(badYaml, 'flags:\n  a:\n    state: ENABLED\n   variants: {}\n');
    const repeated = join(dir, 'repeated.json');
    await writeFile(
      repeated,
      JSON.stringify({
        flags: [
          { key: 'a', ...onOff('on') },
          { key: 'a', ...onOff('off') },
        ],
      }),
    );
    const error = await start([badYaml, repeated]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlagFileError);
    const lines = (error as FlagFileError).message.split('\n');
    expect(lines[0]).toMatch(/^cannot load flag files: \d+ problems in 2 files$/);
    expect(lines.some((line) => /^.*bad\.yaml:4:\d+: invalid YAML: /.test(line))).toBe(true);
    expect(lines).toContain(`${repeated}: /flags/1/key: duplicate flag key "a"`);
    expect((error as FlagFileError).problems.map((problem) => problem.kind)).toContain('shape');
  });

  it('serves a file with a broken flag: that flag answers PARSE_ERROR, the others work', async () => {
    const file = join(dir, 'flags.json');
    await writeFile(
      file,
      JSON.stringify({
        flags: { good: onOff('on'), broken: { ...onOff('on'), targeting: { invalid: [1] } } },
      }),
    );
    await start([file]);
    const set = registry.get('file')!.flagSet;
    expect(set.resolve('good', {}).value).toBe(true);
    expect(set.resolve('broken', {}).errorCode).toBe('PARSE_ERROR');
  });

  it('reloads when a file changes, including replacement by rename, with increasing versions', async () => {
    const file = join(dir, 'flags.json');
    await writeFile(file, JSON.stringify({ flags: { a: onOff('on') } }));
    await start([file]);
    const firstVersion = registry.get('file')!.version;

    await writeFile(file, JSON.stringify({ flags: { a: onOff('off') } }));
    await expect.poll(() => servedValue('a'), { timeout: 5000 }).toBe(false);
    const secondVersion = registry.get('file')!.version;
    expect(secondVersion).toBeGreaterThan(firstVersion);

    // Editors often write a temporary file and rename it over the original.
    const temporary = join(dir, 'flags.json.tmp');
    await writeFile(temporary, JSON.stringify({ flags: { a: onOff('on'), b: onOff('on') } }));
    await rename(temporary, file);
    await expect.poll(() => servedValue('b'), { timeout: 5000 }).toBe(true);
    expect(registry.get('file')!.version).toBeGreaterThan(secondVersion);
  });

  it('keeps the last good flag set when a file becomes invalid, and logs why', async () => {
    const file = join(dir, 'flags.json');
    await writeFile(file, JSON.stringify({ flags: { a: onOff('on') } }));
    await start([file]);
    const version = registry.get('file')!.version;

    await writeFile(file, '{ "flags": ');
    const errorCount = () => logs.filter((entry) => entry.level === 'error').length;
    await expect.poll(errorCount, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    const errorsSoFar = errorCount();
    const logged = logs.find((entry) => entry.level === 'error')!;
    expect(logged.message).toMatch(/last good flag set/);
    expect(String((logged.details as { err: Error }).err.message)).toContain(
      `${file}:1:12: invalid JSON: unexpected end of input, expected a value`,
    );
    expect(registry.get('file')!.version).toBe(version);
    expect(servedValue('a')).toBe(true);

    // A structurally invalid flag set (default variant not among the variants) is refused too.
    await writeFile(file, JSON.stringify({ flags: { a: { ...onOff('on'), defaultVariant: 'missing' } } }));
    await expect.poll(errorCount, { timeout: 5000 }).toBeGreaterThan(errorsSoFar);
    expect(servedValue('a')).toBe(true);

    await writeFile(file, JSON.stringify({ flags: { a: onOff('off') } }));
    await expect.poll(() => servedValue('a'), { timeout: 5000 }).toBe(false);
  });

  it('stops watching on close', async () => {
    const file = join(dir, 'flags.json');
    await writeFile(file, JSON.stringify({ flags: { a: onOff('on') } }));
    const handle = await start([file]);
    await handle.close();
    await writeFile(file, JSON.stringify({ flags: { a: onOff('off') } }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(servedValue('a')).toBe(true);
  });
});
