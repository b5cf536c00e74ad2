import { didYouMean } from '@switchyard/core';
import type { ProjectDocument } from './project-document.js';
import { flagKinds } from './project-document.js';

/** One problem in a project document: a JSON Pointer into it and what is wrong there. */
export interface ProjectIssue {
  readonly path: string;
  readonly message: string;
}

export type ProjectValidation =
  | { readonly ok: true; readonly document: ProjectDocument }
  | { readonly ok: false; readonly issues: readonly ProjectIssue[] };

type Json = Record<string, unknown>;

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const TOP = ['$schema', 'version', 'project', 'flags', 'environments'];
const FLAG = ['name', 'description', 'kind', 'owner', 'tags', 'variants', 'metadata'];
const ENVIRONMENT = ['name', 'segments', 'flags'];
const SEGMENT = ['name', 'description', 'rule'];
const CONFIG = ['state', 'defaultVariant', 'targeting'];

/**
 * Checks a parsed project file against the format (the rules of `projectFileSchema`, plus that an
 * environment configures only flags the file declares, with one of their variants). Every problem is
 * reported, each at its JSON Pointer; a misspelt property gets the closest known name.
 */
export function validateProjectDocument(value: unknown): ProjectValidation {
  const issues: ProjectIssue[] = [];
  const add = (path: string, message: string) => issues.push({ path, message });
  if (!isObject(value)) {
    add('', 'must be an object with version, project, flags and environments');
    return { ok: false, issues };
  }
  checkFields(value, '', TOP, add);
  if (value.version !== 1)
    add('/version', `must be 1 (the only version of the format), got ${show(value.version)}`);
  if (typeof value.project !== 'string' || !SLUG.test(value.project) || value.project.length > 64) {
    add('/project', `must be a project key (lowercase letters, digits and '-'), got ${show(value.project)}`);
  }
  const flags = mapAt(value, 'flags', '', add);
  for (const [key, flag] of Object.entries(flags)) checkFlag(flag, `/flags/${pointer(key)}`, key, add);
  const environments = mapAt(value, 'environments', '', add);
  for (const [key, environment] of Object.entries(environments)) {
    const path = `/environments/${pointer(key)}`;
    if (!SLUG.test(key) || key.length > 64) {
      add(path, `environment key ${show(key)} must be lowercase letters, digits and '-' (at most 64)`);
    }
    if (!isObject(environment)) {
      add(path, 'must be an object with segments and flags');
      continue;
    }
    checkFields(environment, path, ENVIRONMENT, add);
    text(environment, 'name', path, 200, add);
    for (const [segmentKey, segment] of Object.entries(mapAt(environment, 'segments', path, add))) {
      checkSegment(segment, `${path}/segments/${pointer(segmentKey)}`, segmentKey, add);
    }
    for (const [flagKey, config] of Object.entries(mapAt(environment, 'flags', path, add))) {
      checkConfig(config, `${path}/flags/${pointer(flagKey)}`, flagKey, flags, add);
    }
  }
  return issues.length === 0
    ? { ok: true, document: value as unknown as ProjectDocument }
    : { ok: false, issues };
}

type Add = (path: string, message: string) => void;

function checkFlag(flag: unknown, path: string, key: string, add: Add): void {
  checkKey(key, path, 'flag', add);
  if (!isObject(flag)) {
    add(path, 'must be an object with at least variants');
    return;
  }
  checkFields(flag, path, FLAG, add);
  text(flag, 'name', path, 200, add);
  text(flag, 'description', path, 4000, add);
  text(flag, 'owner', path, 200, add);
  if (flag.kind !== undefined && !flagKinds.includes(flag.kind as never)) {
    const known = flagKinds.join(', ');
    const hint = typeof flag.kind === 'string' ? didYouMean(flag.kind, flagKinds) : '';
    add(`${path}/kind`, `must be one of ${known}, got ${show(flag.kind)}${hint}`);
  }
  if (flag.tags !== undefined) {
    if (!Array.isArray(flag.tags)) add(`${path}/tags`, 'must be a list of strings');
    else {
      const seen = new Set<unknown>();
      flag.tags.forEach((tag, index) => {
        if (typeof tag !== 'string' || tag === '' || tag.length > 100) {
          add(`${path}/tags/${index}`, 'must be a non-empty string of at most 100 characters');
        } else if (seen.has(tag)) add(`${path}/tags/${index}`, `repeats tag ${show(tag)}`);
        seen.add(tag);
      });
    }
  }
  if (flag.variants === undefined) add(path, "missing required property 'variants'");
  else if (!isObject(flag.variants) || Object.keys(flag.variants).length === 0) {
    add(`${path}/variants`, 'must be a map of at least one variant name to its value');
  } else {
    for (const [name, variant] of Object.entries(flag.variants)) {
      if (variant === null) add(`${path}/variants/${pointer(name)}`, 'a variant value cannot be null');
    }
  }
  if (flag.metadata !== undefined) {
    if (!isObject(flag.metadata))
      add(`${path}/metadata`, 'must be a map of names to strings, numbers or booleans');
    else {
      for (const [name, entry] of Object.entries(flag.metadata)) {
        if (!['string', 'number', 'boolean'].includes(typeof entry)) {
          add(`${path}/metadata/${pointer(name)}`, `must be a string, number or boolean, got ${show(entry)}`);
        }
      }
    }
  }
}

function checkSegment(segment: unknown, path: string, key: string, add: Add): void {
  checkKey(key, path, 'segment', add);
  if (!isObject(segment)) {
    add(path, 'must be an object with a rule');
    return;
  }
  checkFields(segment, path, SEGMENT, add);
  text(segment, 'name', path, 200, add);
  text(segment, 'description', path, 4000, add);
  if (segment.rule === undefined) add(path, "missing required property 'rule'");
  else if (!isObject(segment.rule)) add(`${path}/rule`, 'must be a JSON Logic expression (an object)');
}

function checkConfig(config: unknown, path: string, key: string, flags: Json, add: Add): void {
  const flag = flags[key];
  if (!Object.hasOwn(flags, key)) {
    add(path, `flag ${show(key)} is not declared under /flags${didYouMean(key, Object.keys(flags))}`);
  }
  if (!isObject(config)) {
    add(path, 'must be an object with state, defaultVariant and targeting');
    return;
  }
  checkFields(config, path, CONFIG, add);
  if (config.state === undefined) add(path, "missing required property 'state' (ENABLED or DISABLED)");
  else if (config.state !== 'ENABLED' && config.state !== 'DISABLED') {
    const hint = typeof config.state === 'string' ? didYouMean(config.state, ['ENABLED', 'DISABLED']) : '';
    add(`${path}/state`, `must be ENABLED or DISABLED, got ${show(config.state)}${hint}`);
  }
  const variant = config.defaultVariant;
  if (variant !== undefined && variant !== null) {
    if (typeof variant !== 'string' || variant === '')
      add(`${path}/defaultVariant`, 'must be a variant name or null');
    else if (
      // A flag without variants is reported there already.
      isObject(flag) &&
      isObject(flag.variants) &&
      Object.keys(flag.variants).length > 0 &&
      !Object.hasOwn(flag.variants, variant)
    ) {
      const names = Object.keys(flag.variants);
      add(
        `${path}/defaultVariant`,
        `${show(variant)} is not a variant of flag ${show(key)} (${names.join(', ')})${didYouMean(variant, names)}`,
      );
    }
  }
  if (config.targeting !== undefined && config.targeting !== null && !isObject(config.targeting)) {
    add(`${path}/targeting`, 'must be a JSON Logic expression (an object) or null');
  }
}

function checkKey(key: string, path: string, what: string, add: Add): void {
  if (key === '' || key.length > 200) add(path, `a ${what} key must have 1 to 200 characters`);
}

/** Unknown properties, each with the closest known name. */
function checkFields(value: Json, path: string, known: readonly string[], add: Add): void {
  for (const name of Object.keys(value)) {
    if (!known.includes(name)) {
      add(`${path}/${pointer(name)}`, `unknown property ${show(name)}${didYouMean(name, known)}`);
    }
  }
}

/** An optional map property; a wrong type is reported and read as empty. */
function mapAt(value: Json, name: string, path: string, add: Add): Json {
  const map = value[name];
  if (map === undefined || map === null) return {};
  if (!isObject(map)) {
    add(`${path}/${name}`, 'must be a map of keys to objects');
    return {};
  }
  return map;
}

function text(value: Json, name: string, path: string, max: number, add: Add): void {
  const field = value[name];
  if (field === undefined) return;
  if (typeof field !== 'string') add(`${path}/${name}`, `must be a string, got ${show(field)}`);
  else if (field.length > max) add(`${path}/${name}`, `must be at most ${max} characters`);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A key as a JSON Pointer segment (RFC 6901). */
export function pointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
