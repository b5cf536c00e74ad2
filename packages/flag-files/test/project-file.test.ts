import { describe, expect, it } from 'vitest';
import { formatProjectProblem, parseProjectFileText, stringifyProjectDocument } from '../src/index.js';

const valid = {
  version: 1,
  project: 'shop',
  flags: {
    'new-checkout': {
      kind: 'release',
      owner: 'team-shop',
      tags: ['checkout'],
      variants: { on: true, off: false },
    },
  },
  environments: {
    production: {
      segments: { beta: { rule: { '==': [{ var: 'plan' }, 'beta'] } } },
      flags: { 'new-checkout': { state: 'ENABLED', defaultVariant: 'on', targeting: { $ref: 'beta' } } },
    },
  },
};

const problems = (file: string, text: string) => {
  const result = parseProjectFileText(file, text);
  if (result.ok) throw new Error('expected problems');
  return result.problems.map(formatProjectProblem);
};

describe('project files', () => {
  it('reads a valid file in YAML and JSON, and what is written reads back the same', () => {
    for (const format of ['yaml', 'json'] as const) {
      const text = stringifyProjectDocument(valid as never, format, 'http://x/api/v1/schemas/project.json');
      const result = parseProjectFileText(`p.${format}`, text);
      expect(result.ok && result.document).toMatchObject(valid);
    }
  });

  it('reports every problem with its path, line and a suggestion for misspelt names', () => {
    const text = [
      'version: 2',
      'project: Shop',
      'flgs: {}',
      'flags:',
      '  a:',
      '    variants: {}',
      '    tags: [x, x]',
      'environments:',
      '  production:',
      '    flags:',
      '      b: { state: enabled }',
      '      a: { state: ENABLED, defaultVariant: of }',
      '',
    ].join('\n');
    expect(problems('p.yaml', text)).toEqual([
      'p.yaml:3:7: /flgs: unknown property "flgs" (did you mean \'flags\'?)',
      'p.yaml:1:10: /version: must be 1 (the only version of the format), got 2',
      'p.yaml:2:10: /project: must be a project key (lowercase letters, digits and \'-\'), got "Shop"',
      'p.yaml:7:15: /flags/a/tags/1: repeats tag "x"',
      'p.yaml:6:15: /flags/a/variants: must be a map of at least one variant name to its value',
      'p.yaml:11:10: /environments/production/flags/b: flag "b" is not declared under /flags (did you mean \'a\'?)',
      'p.yaml:11:19: /environments/production/flags/b/state: must be ENABLED or DISABLED, got "enabled" (did you mean \'ENABLED\'?)',
    ]);
  });

  it('checks a default variant against the flag, and JSON problems carry lines too', () => {
    const json = JSON.stringify(
      {
        ...valid,
        environments: {
          production: { flags: { 'new-checkout': { state: 'ENABLED', defaultVariant: 'onn' } } },
        },
      },
      null,
      2,
    );
    expect(problems('p.json', json)).toEqual([
      `p.json:22:29: /environments/production/flags/new-checkout/defaultVariant: "onn" is not a variant of flag "new-checkout" (on, off) (did you mean 'on' or 'off'?)`,
    ]);
  });

  it('reports syntax errors and repeated JSON keys with their position', () => {
    expect(problems('p.yaml', 'version: 1\nproject: [\n')[0]).toMatch(/^p\.yaml:3:1: invalid YAML/);
    expect(problems('p.json', '{"version": 1, "version": 1}')[0]).toMatch(
      /^p\.json:1:16: duplicate key "version"/,
    );
  });
});
