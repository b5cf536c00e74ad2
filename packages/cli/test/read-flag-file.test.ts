import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFileProblem } from '../src/io/file-problem.js';
import { flagFileFormat, readFlagFile } from '../src/io/read-flag-file.js';
import { flagdSamplesDir } from './support/flagd-samples.js';
import { TempDir } from './support/temp-dir.js';

const dir = new TempDir();
afterAll(() => dir.remove());

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

  it('reads JSON, skipping a byte-order mark', async () => {
    const file = dir.write('bom.json', '\ufeff{"flags": {}}');
    expect(await readFlagFile(file, dir.path)).toEqual({
      ok: true,
      file,
      format: 'json',
      document: { flags: {} },
      text: '{"flags": {}}',
    });
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

  const samples = flagdSamplesDir();
  it.skipIf(samples === null)("reads flagd's YAML sample as the same document as its JSON twin", async () => {
    const yaml = await readFlagFile('example_flags.flagd.yaml', samples!);
    const json = await readFlagFile('example_flags.flagd.json', samples!);
    expect(yaml.ok && json.ok).toBe(true);
    if (!yaml.ok || !json.ok) return;
    expect(yaml.format).toBe('yaml');
    const { $schema: _schema, ...jsonWithoutSchema } = json.document as Record<string, unknown>;
    expect(yaml.document).toEqual(jsonWithoutSchema);
  });
});
