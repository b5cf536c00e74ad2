import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchpadFlagFiles } from './suite-selection.js';

type JsonObject = { [key: string]: unknown };

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJsonObject(path: string): JsonObject {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!isPlainObject(parsed)) throw new Error(`${path}: expected a JSON object at the top level`);
  return parsed;
}

/**
 * Key-wise deep merge: objects merge recursively, anything else (arrays included) is replaced by the
 * later value. Returns a new object; inputs are not modified.
 */
export function deepMerge(base: JsonObject, overlay: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const existing = merged[key];
    merged[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return merged;
}

/** The evaluator suite's flag set, `evaluator/flags/testkit-flags.json` (self-contained). */
export function loadTestkitFlags(testbedDir: string): JsonObject {
  return readJsonObject(join(testbedDir, 'evaluator', 'flags', 'testkit-flags.json'));
}

/**
 * The flag set the testbed image serves as `flags/allFlags.json`: every `flags/*.json` except `selector-*`,
 * deep-merged in filename order. The merge matters: `zero-flags.json` refers to the `is_ballmer` evaluator
 * that only `evaluator-refs.json` defines.
 */
export function loadLaunchpadFlags(testbedDir: string): JsonObject {
  const files = launchpadFlagFiles(testbedDir);
  if (files.length === 0) throw new Error(`${join(testbedDir, 'flags')}: no flag files found`);
  return files.reduce<JsonObject>((merged, file) => deepMerge(merged, readJsonObject(file)), {});
}

/** One raw file under `flags/` (e.g. `selector-flags.json`), for scenarios that select a single flag set. */
export function loadTestbedFlagFile(testbedDir: string, fileName: string): JsonObject {
  return readJsonObject(join(testbedDir, 'flags', fileName));
}
