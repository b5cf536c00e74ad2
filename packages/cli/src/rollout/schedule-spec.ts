import { CliUsageError } from '../errors.js';
import { jsonObjectOption, looksLikeJson, numberOf } from './spec-values.js';

const OPTION = '--schedule';

/**
 * `--schedule 'exponential start=1 factor=2 max=100 interval=10m'` → the plan's `schedule` object:
 * the shape first, then KEY=VALUE words. A value that is a number becomes a number, a comma list a
 * list (`steps` is always one: `custom steps=1,5,25,100 interval=1h`), anything else stays text.
 * A JSON object is taken as it is. Which names and values are right is the server's to say.
 */
export function parseScheduleOption(text: string, command: string): Record<string, unknown> {
  if (looksLikeJson(text)) return jsonObjectOption(text, OPTION, command);
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0)
    throw new CliUsageError(`option '${OPTION}' needs a schedule, e.g. ${EXAMPLE}`, command);
  const schedule: Record<string, unknown> = {};
  if (!words[0]!.includes('=')) schedule.shape = words.shift();
  for (const word of words) {
    const equals = word.indexOf('=');
    if (equals <= 0 || equals === word.length - 1) {
      throw new CliUsageError(
        `option '${OPTION}': '${word}' is not KEY=VALUE (the shape comes first, e.g. ${EXAMPLE})`,
        command,
      );
    }
    const key = word.slice(0, equals);
    if (Object.hasOwn(schedule, key)) {
      throw new CliUsageError(`option '${OPTION}': '${key}' is given twice`, command);
    }
    schedule[key] = scheduleValue(key, word.slice(equals + 1));
  }
  return schedule;
}

const EXAMPLE = "'exponential start=1 factor=2 max=100 interval=10m'";

function scheduleValue(key: string, text: string): unknown {
  if (key === 'steps' || text.includes(',')) {
    return text.split(',').map((item) => numberOf(item) ?? item);
  }
  return numberOf(text) ?? text;
}
