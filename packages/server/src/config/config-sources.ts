import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { didYouMean } from '@switchyard/core';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error.js';
import { type ConfigKey, configKeys, keySchema, type ServerConfigFile } from './config-schema.js';

export { ConfigError };

const keyNames = Object.keys(configKeys) as ConfigKey[];

/** A config file (YAML, or JSON, which is YAML too), checked key by key; relative paths are the file's. */
export function readConfigFile(file: string): ServerConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new ConfigError(`cannot read the config file ${file}: ${reason}`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw new ConfigError(`${file}: not valid YAML or JSON: ${(error as Error).message}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(`${file}: must be a mapping of configuration keys to values`);
  }
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!Object.hasOwn(configKeys, key)) {
      problems.push(`${file}: unknown key "${key}"${didYouMean(key, keyNames)}`);
      continue;
    }
    const problem = checkValue(key as ConfigKey, value);
    if (problem) problems.push(`${file}: "${key}" ${problem}`);
    else config[key] = relativeTo(dirname(file), key as ConfigKey, value);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return config as ServerConfigFile;
}

/**
 * The keys set by environment variables (empty ones count as unset); relative paths are `cwd`'s.
 * Keys in `overridden` are not read: a flag or option given for them wins whatever the variable says.
 */
export function readEnvironment(
  env: NodeJS.ProcessEnv,
  cwd: string,
  overridden: ReadonlySet<string> = new Set(),
): ServerConfigFile {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const key of keyNames) {
    if (overridden.has(key)) continue;
    const name = configKeys[key].env;
    const text = name === undefined ? undefined : env[name];
    if (text === undefined || text === '') continue;
    const value = isInteger(key) && /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    const problem = checkValue(key, value);
    if (problem) problems.push(`${name} ${problem}`);
    else config[key] = relativeTo(cwd, key, value);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
  return config as ServerConfigFile;
}

/** Values given by the caller (flags, `startServer` options), checked like the others. */
export function checkOptions(options: Record<string, unknown>): void {
  const problems: string[] = [];
  for (const key of keyNames) {
    if (options[key] === undefined) continue;
    const problem = checkValue(key, options[key]);
    if (problem) problems.push(`${configKeys[key].flag ?? key} ${problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems.join('\n'));
}

function checkValue(key: ConfigKey, value: unknown): string | undefined {
  if (Value.Check(keySchema(key), value)) return undefined;
  // Secrets stay out of error messages (and so out of logs).
  const secret = key === 'adminToken' || key === 'metricsToken';
  const shown =
    secret && typeof value === 'string'
      ? `${(value as string).length} characters`
      : (JSON.stringify(value) ?? 'nothing');
  return `must be ${configKeys[key].expected}, got ${shown}`;
}

function isInteger(key: ConfigKey): boolean {
  return (keySchema(key) as { type?: string }).type === 'integer';
}

function relativeTo(base: string, key: ConfigKey, value: unknown): unknown {
  if (!configKeys[key].path) return value;
  const one = (path: string) => (/^postgres(ql)?:\/\//i.test(path) ? path : resolve(base, path));
  return Array.isArray(value) ? value.map(one) : one(value as string);
}
