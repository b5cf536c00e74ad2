import { didYouMean } from '@switchyard/core';
import { Temporal } from 'temporal-polyfill';
import type { Issue } from '../kernel/errors.js';

/** When a schedule runs, as asked: a wall time in a zone, or an instant with its offset. */
export interface RunAtInput {
  at: string;
  timeZone?: string | undefined;
}

export interface RunAt {
  /** The UTC instant, ISO 8601 with milliseconds (`2026-12-01T08:00:00.000Z`). */
  runAt: string;
  /** The IANA zone, canonically spelt (`Europe/Paris`). */
  timeZone: string;
  /** The same instant as the zone's wall time with its offset (`2026-12-01T09:00:00+01:00`). */
  local: string;
}

/** Where each input's problems point. */
export interface RunAtPaths {
  at: string;
  timeZone: string;
}

const wallTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const withOffset = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|z|[+-]\d{2}:\d{2})$/;
const formatHint =
  'must be a local wall time such as "2026-12-01T09:00" (with timeZone) or an instant with its offset such as "2026-12-01T09:00:00+01:00" or "2026-12-01T08:00:00Z"';

/**
 * Resolves when a schedule runs. A wall time is read in `timeZone`, which it then needs (which
 * 09:00?); one that a daylight-saving change skips or repeats is refused, naming the times that
 * are meant unambiguously. An instant with an offset stands as given; with `timeZone` too, the
 * offset must be the zone's at that instant (`Z` always fits). The time must be after `now`.
 * Answers the issues instead when it cannot.
 */
export function resolveRunAt(input: RunAtInput, now: Date, paths: RunAtPaths): RunAt | Issue[] {
  const zone = input.timeZone === undefined ? undefined : timeZoneOf(input.timeZone);
  if (typeof zone === 'object') return [{ path: paths.timeZone, message: zone.problem }];
  const instant = withOffset.exec(input.at);
  let resolved: Temporal.ZonedDateTime | Issue[];
  if (instant) {
    resolved = fromInstant(input.at, instant[1]!, instant[2]!, zone, paths);
  } else if (wallTime.test(input.at)) {
    if (zone === undefined) {
      return [
        {
          path: paths.timeZone,
          message: `is needed when "at" is a wall time without offset (which ${input.at.slice(11)}?): an IANA zone such as "Europe/Paris" or "UTC", or give "at" with its offset`,
        },
      ];
    }
    resolved = fromWallTime(input.at, zone, paths);
  } else {
    return [{ path: paths.at, message: formatHint }];
  }
  if (Array.isArray(resolved)) return resolved;
  const runAt = new Date(resolved.epochMilliseconds);
  if (runAt.getTime() <= now.getTime()) {
    return [
      {
        path: paths.at,
        message: `is in the past (${runAt.toISOString()}; it is now ${now.toISOString()}): a schedule runs later`,
      },
    ];
  }
  return { runAt: runAt.toISOString(), timeZone: resolved.timeZoneId, local: localText(resolved) };
}

/** The canonical zone name, or what is wrong with it. */
function timeZoneOf(name: string): string | { problem: string } {
  if (/^[+-]\d/.test(name)) {
    return {
      problem: `"${name}" is an offset, not a time zone: give an IANA zone such as "Europe/Paris", or put the offset in "at"`,
    };
  }
  try {
    return Temporal.Now.zonedDateTimeISO(name).timeZoneId;
  } catch {
    return {
      problem: `"${name}" is not a known IANA time zone${didYouMean(name, knownZones())}; e.g. "Europe/Paris", "America/New_York", "UTC"`,
    };
  }
}

function knownZones(): string[] {
  return [...Intl.supportedValuesOf('timeZone'), 'UTC'];
}

function fromInstant(
  text: string,
  dateTime: string,
  offset: string,
  zone: string | undefined,
  paths: RunAtPaths,
): Temporal.ZonedDateTime | Issue[] {
  if (!validDateTime(dateTime))
    return [{ path: paths.at, message: `${formatHint}; "${text}" is no such date` }];
  const exact = Temporal.Instant.from(text).toZonedDateTimeISO(zone ?? 'UTC');
  if (zone === undefined || offset.toUpperCase() === 'Z' || exact.offset === offset) return exact;
  return [
    {
      path: paths.at,
      message: `has offset ${offset}, but ${zone} is at ${exact.offset} then (${localText(exact)}): give the zone's offset, or "Z", or leave the offset out to mean ${zone}'s wall time`,
    },
  ];
}

function fromWallTime(text: string, zone: string, paths: RunAtPaths): Temporal.ZonedDateTime | Issue[] {
  if (!validDateTime(text)) return [{ path: paths.at, message: `${formatHint}; "${text}" is no such date` }];
  const wall = Temporal.PlainDateTime.from(text);
  const earlier = wall.toZonedDateTime(zone, { disambiguation: 'earlier' });
  const later = wall.toZonedDateTime(zone, { disambiguation: 'later' });
  if (earlier.epochNanoseconds === later.epochNanoseconds) return earlier;
  const change = `the clocks change from UTC${earlier.offset} to UTC${later.offset} that night`;
  if (!earlier.toPlainDateTime().equals(wall)) {
    // In a gap, `later` is the wall time moved forward by the gap: what the time would have been.
    return [
      {
        path: paths.at,
        message: `${text} does not exist in ${zone}: ${change} and skip it. Give a time that exists, e.g. ${localText(later)} (${utcText(later)}), or an instant with its offset`,
      },
    ];
  }
  return [
    {
      path: paths.at,
      message: `${text} happens twice in ${zone}: ${change}. Say which with its offset: ${localText(earlier)} (the first, ${utcText(earlier)}) or ${localText(later)} (the second, ${utcText(later)})`,
    },
  ];
}

/** Temporal clamps nothing when parsing, but a regular expression admits `2026-02-30`. */
function validDateTime(text: string): boolean {
  try {
    Temporal.PlainDateTime.from(text, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

function localText(time: Temporal.ZonedDateTime): string {
  return time.toString({ timeZoneName: 'never', fractionalSecondDigits: 'auto' });
}

function utcText(time: Temporal.ZonedDateTime): string {
  return time.toInstant().toString({ fractionalSecondDigits: 'auto' });
}
