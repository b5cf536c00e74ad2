import { describe, expect, it } from 'vitest';
import { resolveRunAt } from '../../src/schedules/run-at.js';

const now = new Date('2026-11-30T12:00:00Z');
const paths = { at: '/body/at', timeZone: '/body/timeZone' };
const resolve = (at: string, timeZone?: string) => resolveRunAt({ at, timeZone }, now, paths);
const messages = (result: ReturnType<typeof resolve>) => {
  if (!Array.isArray(result)) throw new Error(`expected issues, got ${JSON.stringify(result)}`);
  return result;
};

describe('when a schedule runs', () => {
  it('reads a wall time in its zone, winter and summer', () => {
    expect(resolve('2026-12-01T09:00', 'Europe/Paris')).toEqual({
      runAt: '2026-12-01T08:00:00.000Z',
      timeZone: 'Europe/Paris',
      local: '2026-12-01T09:00:00+01:00',
    });
    expect(resolve('2027-07-01T09:00:30.250', 'Europe/Paris')).toEqual({
      runAt: '2027-07-01T07:00:30.250Z',
      timeZone: 'Europe/Paris',
      local: '2027-07-01T09:00:30.25+02:00',
    });
    expect(resolve('2027-01-15T09:00', 'America/New_York')).toMatchObject({
      runAt: '2027-01-15T14:00:00.000Z',
    });
    expect(resolve('2026-12-01T09:00', 'UTC')).toMatchObject({ runAt: '2026-12-01T09:00:00.000Z' });
  });

  it('spells the zone canonically', () => {
    expect(resolve('2026-12-01T09:00', 'europe/paris')).toMatchObject({ timeZone: 'Europe/Paris' });
  });

  it('takes an instant with its offset as is, shown in UTC unless a zone is given', () => {
    expect(resolve('2026-12-01T09:00:00+01:00')).toEqual({
      runAt: '2026-12-01T08:00:00.000Z',
      timeZone: 'UTC',
      local: '2026-12-01T08:00:00+00:00',
    });
    expect(resolve('2026-12-01T08:00Z', 'Europe/Paris')).toEqual({
      runAt: '2026-12-01T08:00:00.000Z',
      timeZone: 'Europe/Paris',
      local: '2026-12-01T09:00:00+01:00',
    });
  });

  it('refuses an offset the zone does not have at that instant', () => {
    const [issue] = messages(resolve('2027-07-01T09:00:00+01:00', 'Europe/Paris'));
    expect(issue).toMatchObject({ path: '/body/at' });
    expect(issue!.message).toContain('Europe/Paris is at +02:00 then');
  });

  it('refuses a wall time the clocks skip, naming the change and a time that exists', () => {
    const [issue] = messages(resolve('2027-03-28T02:30', 'Europe/Paris'));
    expect(issue!.path).toBe('/body/at');
    expect(issue!.message).toBe(
      '2027-03-28T02:30 does not exist in Europe/Paris: the clocks change from UTC+01:00 to UTC+02:00 that night and skip it. Give a time that exists, e.g. 2027-03-28T03:30:00+02:00 (2027-03-28T01:30:00Z), or an instant with its offset',
    );
  });

  it('refuses a wall time that happens twice, naming both', () => {
    const [issue] = messages(resolve('2027-10-31T02:30', 'Europe/Paris'));
    expect(issue!.message).toBe(
      '2027-10-31T02:30 happens twice in Europe/Paris: the clocks change from UTC+02:00 to UTC+01:00 that night. Say which with its offset: 2027-10-31T02:30:00+02:00 (the first, 2027-10-31T00:30:00Z) or 2027-10-31T02:30:00+01:00 (the second, 2027-10-31T01:30:00Z)',
    );
    // Either one, given with its offset, is accepted.
    expect(resolve('2027-10-31T02:30:00+01:00', 'Europe/Paris')).toMatchObject({
      runAt: '2027-10-31T01:30:00.000Z',
    });
    expect(resolve('2027-10-31T02:30:00+02:00', 'Europe/Paris')).toMatchObject({
      runAt: '2027-10-31T00:30:00.000Z',
    });
  });

  it('needs a zone for a wall time', () => {
    const [issue] = messages(resolve('2026-12-01T09:00'));
    expect(issue!.path).toBe('/body/timeZone');
    expect(issue!.message).toContain('is needed when "at" is a wall time');
  });

  it('refuses unknown zones with a suggestion, and offsets as zones', () => {
    const [unknown] = messages(resolve('2026-12-01T09:00', 'Europe/Pari'));
    expect(unknown).toMatchObject({ path: '/body/timeZone' });
    expect(unknown!.message).toContain(`(did you mean 'Europe/Paris'`);
    const [offset] = messages(resolve('2026-12-01T09:00', '+01:00'));
    expect(offset!.message).toContain('is an offset, not a time zone');
  });

  it('refuses times in the past, malformed times and dates that do not exist', () => {
    expect(messages(resolve('2026-11-30T11:59:59Z'))[0]!.message).toBe(
      'is in the past (2026-11-30T11:59:59.000Z; it is now 2026-11-30T12:00:00.000Z): a schedule runs later',
    );
    expect(messages(resolve('2026-11-30T12:00:00Z'))[0]!.message).toContain('is in the past');
    for (const at of ['tomorrow', '2026-12-01', '2026-12-01 09:00', '2026-12-01T09:00+0100', '1764576000']) {
      expect(messages(resolve(at, 'UTC'))[0]!.message, at).toContain('must be a local wall time');
    }
    expect(messages(resolve('2027-02-30T09:00', 'UTC'))[0]!.message).toContain('is no such date');
    expect(messages(resolve('2027-02-28T25:00Z'))[0]!.message).toContain('is no such date');
  });
});
