import { describe, expect, it } from 'vitest';
import { firingAlert } from './alert.js';
import { parseOptions } from './options.js';

describe('kill-switch options', () => {
  it('defaults to 1,000 providers over 2 processes, 5 runs after 1 warm-up, a rollout on SQLite', () => {
    expect(parseOptions([])).toEqual({
      providers: 1000,
      runs: 5,
      warmup: 1,
      workers: 2,
      concurrency: 50,
      db: 'sqlite',
      scenario: 'rollout',
    });
  });

  it('takes --name value and --name=value', () => {
    expect(
      parseOptions(['--providers', '200', '--runs=3', '--db', 'postgres', '--scenario=kill']),
    ).toMatchObject({ providers: 200, runs: 3, db: 'postgres', scenario: 'kill' });
  });

  it('refuses anything else, naming it', () => {
    expect(() => parseOptions(['--runs', '0'])).toThrow(/--runs must be an integer of at least 1, got 0/);
    expect(() => parseOptions(['--db', 'mysql'])).toThrow(/--db must be one of sqlite, postgres, got mysql/);
    expect(() => parseOptions(['--fast'])).toThrow(/unknown option "--fast"; usage: run.js/);
    expect(() => parseOptions(['--providers=1', '--workers=2'])).toThrow(/--workers \(2\) cannot exceed/);
  });
});

describe('kill-switch alert', () => {
  it('is an Alertmanager version 4 notification naming the flag, new for every run', () => {
    const first = firingAlert({ flag: 'f', run: 1 });
    const second = firingAlert({ flag: 'f', run: 2 });
    expect(first).toMatchObject({ version: '4', status: 'firing', alerts: [{ status: 'firing' }] });
    expect(first.alerts[0].labels).toMatchObject({
      flag: 'f',
      project: 'default',
      environment: 'production',
    });
    expect(first.alerts[0].startsAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(second.alerts[0].fingerprint).not.toBe(first.alerts[0].fingerprint);
  });
});
