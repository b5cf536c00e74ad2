import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { locatePeer } from '@switchyard/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { flagFileFormat, formatFileProblem, readFlagFile } from '../src/index.js';
import { TempDir } from './support/temp-dir.js';

const dir = new TempDir();
afterAll(() => dir.remove());

const flag = { state: 'ENABLED', variants: { on: true, off: false }, defaultVariant: 'on' };

async function problemsOf(file: string): Promise<string[]> {
  const result = await readFlagFile(file, dir.path);
  if (result.ok) throw new Error(`expected ${file} to fail`);
  return result.problems.map(formatFileProblem);
}

describe('readFlagFile', () => {
  it('picks YAML by extension, case-insensitively, and JSON otherwise', () => {
    expect(flagFileFormat('a.yaml')).toBe('yaml');
    expect(flagFileFormat('dir.v1/a.YML')).toBe('yaml');
    expect(flagFileFormat('a.json')).toBe('json');
    expect(flagFileFormat('flags')).toBe('json');
  });

  it('refuses a file nested deeper than any flag set needs, naming where, instead of overflowing later', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const file = dir.write(
      'deep.json',
      `{"flags":{"f":{"state":"ENABLED","variants":{"a":{"v":${deep}}},"defaultVariant":"a"}}}`,
    );
    const problems = await problemsOf(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('/flags/f/variants/a/v/0/0');
    expect(problems[0]).toContain('more than 1000 levels deep');
  });

  it('reads JSON, skipping a byte-order mark', async () => {
    const file = dir.write('bom.json', '\ufeff{"flags": {}}');
    expect(await readFlagFile(file, dir.path)).toEqual({
      ok: true,
      file,
      format: 'json',
      text: '{"flags": {}}',
      value: { flags: {} },
      duplicateKeys: [],
      document: { flags: {} },
      flagPaths: new Map(),
    });
  });

  it('takes absolute paths, cwd defaulting to the process working directory', async () => {
    const file = dir.write('relative.json', { flags: { a: flag } });
    const read = await readFlagFile(join(dir.path, file));
    expect(read.ok && read.file).toBe(join(dir.path, file));
  });

  it('reports a missing file and a directory by name', async () => {
    mkdirSync(join(dir.path, 'folder.json'));
    expect(await problemsOf('missing.json')).toEqual(['missing.json: file not found']);
    expect(await problemsOf('folder.json')).toEqual(['folder.json: is a directory, not a file']);
  });

  it('reports a JSON syntax error with its line and column', async () => {
    const file = dir.write('bad.json', '{\n  "flags": {\n    "a": { "state": "ENABLED", }\n  }\n}\n');
    expect(await problemsOf(file)).toEqual([
      `bad.json:3:32: invalid JSON: expected a double-quoted property name, found "}"`,
    ]);
  });

  it('reports every YAML error with its line and column', async () => {
    const file = dir.write('bad.yaml', 'flags:\n  a:\n    state: ENABLED\n  a:\n    state: [1, 2\n');
    const problems = await problemsOf(file);
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatch(/^bad\.yaml:4:3: invalid YAML: Map keys must be unique/);
  });

  it('lists keys repeated in one JSON object with both positions, keeping the last as JSON.parse does', async () => {
    const file = dir.write(
      'repeated.json',
      `{"flags": {\n  "a": ${JSON.stringify(flag)},\n  "a": ${JSON.stringify({ ...flag, defaultVariant: 'off' })}\n}}`,
    );
    const read = await readFlagFile(file, dir.path);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.duplicateKeys.map(formatFileProblem)).toEqual([
      'repeated.json:3:3: duplicate key "a" replaces the one at line 2, column 3',
    ]);
    expect(read.duplicateKeys[0]).toMatchObject({ kind: 'duplicate-key', line: 3, column: 3 });
    expect(read.document.flags.a?.defaultVariant).toBe('off');
  });

  it("turns the daemon's array form into the map form, remembering where each flag was", async () => {
    const file = dir.write('array.json', {
      $evaluators: { yes: true },
      flags: [
        { key: 'a', ...flag },
        { key: 'b/c', ...flag, defaultVariant: 'off' },
      ],
    });
    const read = await readFlagFile(file, dir.path);
    if (!read.ok) throw new Error(read.problems.map(formatFileProblem).join('\n'));
    expect(read.document).toEqual({
      $evaluators: { yes: true },
      flags: { a: flag, 'b/c': { ...flag, defaultVariant: 'off' } },
    });
    expect(read.flagPaths).toEqual(
      new Map([
        ['a', '/flags/0'],
        ['b/c', '/flags/1'],
      ]),
    );
    expect((read.value as { flags: unknown[] }).flags).toHaveLength(2);
  });

  it('refuses a key repeated in the array form, as flagd refuses such a config', async () => {
    const file = dir.write('array-repeated.json', {
      flags: [
        { key: 'a', ...flag },
        { key: 'a', ...flag, metadata: { flagSetId: 'other' } },
      ],
    });
    expect(await problemsOf(file)).toEqual(['array-repeated.json: /flags/1/key: duplicate flag key "a"']);
  });

  it.each([
    [
      'not-object.json',
      '[1, 2]',
      'not-object.json: /: a flag set must be a JSON object with a "flags" member, got an array',
    ],
    [
      'scalar.yaml',
      'just text\n',
      'scalar.yaml: /: a flag set must be a JSON object with a "flags" member, got a string',
    ],
    ['no-flags.yaml', 'flag: {}\n', 'no-flags.yaml: /flags: is required'],
    [
      'wrong-flags.json',
      '{"flags": "all"}',
      'wrong-flags.json: /flags: must be an object mapping flag keys to flags',
    ],
    [
      'keyless.json',
      '{"flags": [{"state": "ENABLED"}]}',
      'keyless.json: /flags/0/key: a flag in a flags array needs a non-empty string "key"',
    ],
  ])('%s: the outer shape is a typed problem, and the parsed value is kept', async (name, text, problem) => {
    const file = dir.write(name, text);
    const read = await readFlagFile(file, dir.path);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems.map(formatFileProblem)).toEqual([problem]);
    expect(read.problems.every((p) => p.kind === 'shape')).toBe(true);
    expect(read.parsed?.file).toBe(file);
  });

  it('keeps a flag named like an Object.prototype member as an ordinary flag', async () => {
    const file = dir.write(
      'proto.json',
      `{"flags": {"__proto__": ${JSON.stringify(flag)}, "constructor": ${JSON.stringify(flag)}}}`,
    );
    const read = await readFlagFile(file, dir.path);
    if (!read.ok) throw new Error(read.problems.map(formatFileProblem).join('\n'));
    expect(Object.keys(read.document.flags)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(read.document.flags)).toBe(Object.prototype);
  });

  const samples = locatePeer('flagd/samples', "flag-file tests against flagd's sample files");
  it.skipIf(samples === null)("reads flagd's YAML sample as the same document as its JSON twin", async () => {
    const yaml = await readFlagFile('example_flags.flagd.yaml', samples!);
    const json = await readFlagFile('example_flags.flagd.json', samples!);
    expect(yaml.ok && json.ok).toBe(true);
    if (!yaml.ok || !json.ok) return;
    expect(yaml.format).toBe('yaml');
    const { $schema: _schema, ...jsonWithoutSchema } = json.document as unknown as Record<string, unknown>;
    expect(yaml.document).toEqual(jsonWithoutSchema);
  });
});
