import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlagSet } from '@switchyard/core';
import { locatePeer } from '@switchyard/testkit';
import { Ajv } from 'ajv';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';

const peers = locatePeer('.', 'flagd schema agreement tests');

/** Single-flag mutations that the flagd schema refuses. */
const mutations: Array<[string, (flag: Record<string, unknown>) => void]> = [
  ['drop state', (f) => delete f.state],
  ['unknown state', (f) => (f.state = 'ON')],
  ['drop variants', (f) => delete f.variants],
  ['empty variants', (f) => (f.variants = {})],
  ['mixed variant types', (f) => (f.variants = { ...(f.variants as object), extra: [1, 2] })],
  ['numeric default variant', (f) => (f.defaultVariant = 7)],
  ['object metadata value', (f) => (f.metadata = { nested: { a: 1 } })],
  ['string targeting', (f) => (f.targeting = 'on')],
  ['unknown operator', (f) => (f.targeting = { bogus: [1] })],
  ['three-argument ==', (f) => (f.targeting = { '==': [1, 2, 3] })],
  ['negative fractional weight', (f) => (f.targeting = { fractional: [['a', -1]] })],
  ['two-argument sem_ver', (f) => (f.targeting = { sem_ver: [{ var: 'v' }, '>'] })],
];

describe.skipIf(peers === null)('strict validation vs the flagd JSON schema', () => {
  const schemaDir = join(peers!, 'flagd-schemas/json');
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, 'targeting.json'), 'utf8')));
  const schemaValid = ajv.compile(JSON.parse(readFileSync(join(schemaDir, 'flags.json'), 'utf8')));

  const corpus: Array<[string, Record<string, unknown>]> = [];
  const addDir = (dir: string, filter = (_: string) => true) => {
    for (const name of readdirSync(dir).filter(filter).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      corpus.push([name, name.endsWith('.json') ? JSON.parse(text) : parseYaml(text)]);
    }
  };
  addDir(join(peers!, 'flagd-testbed/flags'), (n) => n.endsWith('.json') && n !== 'zero-flags.json');
  addDir(join(peers!, 'flagd-testbed/evaluator/flags'));
  addDir(join(peers!, 'flagd/samples'));
  addDir(join(peers!, 'flagd-schemas/json/examples'), (n) => n.endsWith('.json'));

  test('the corpus was found', () => {
    expect(corpus.length).toBeGreaterThan(10);
  });

  test('every document the schema refuses, strict validation refuses too', () => {
    let refusedBySchema = 0;
    for (const [name, doc] of corpus) {
      if (schemaValid(doc)) continue;
      refusedBySchema++;
      expect(FlagSet.validate(doc), `${name}: ${ajv.errorsText(schemaValid.errors)}`).not.toEqual([]);
    }
    // The testbed ships deliberately broken flags: the comparison must have had something to compare.
    expect(refusedBySchema).toBeGreaterThan(0);
  });

  test('each single-flag mutation the schema refuses is refused by strict validation', () => {
    let checked = 0;
    for (const [name, doc] of corpus) {
      const flags = doc.flags as Record<string, Record<string, unknown>>;
      if (!flags || Array.isArray(flags)) continue;
      for (const key of Object.keys(flags).slice(0, 5)) {
        for (const [label, mutate] of mutations) {
          const copy = structuredClone({ flags: { [key]: flags[key]! } });
          mutate(copy.flags[key]!);
          if (schemaValid(copy)) continue;
          checked++;
          expect(FlagSet.validate(copy), `${name} ${key} ${label}`).not.toEqual([]);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  test('documents the schema accepts and that are structurally sound pass strict validation', () => {
    let compared = 0;
    for (const name of ['example_flags.flagd.json', 'example_flags.flagd.yaml', 'testkit-flags.json']) {
      const doc = corpus.find(([n]) => n === name)?.[1];
      expect(doc, name).toBeDefined();
      if (!schemaValid(doc)) continue;
      compared++;
      const issues = FlagSet.validate(doc);
      // Only the testbed's deliberately broken flags may remain.
      for (const issue of issues)
        expect(issue.path, JSON.stringify(issue)).toMatch(
          /wrong-args|invalid|zero-weights|negative-weight|nonexistent/,
        );
    }
    expect(compared).toBeGreaterThan(0);
  });
});
