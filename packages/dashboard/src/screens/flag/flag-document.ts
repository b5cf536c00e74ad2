import { FlagSet, type ValidationIssue } from '@switchyard/core';
import type { Flag, FlagState, JsonValue, Segment } from '../../api/types.js';

export interface DraftConfig {
  state: FlagState;
  defaultVariant: string | null;
  targeting: JsonValue | null;
}

/** The flagd document one environment would publish for this flag, its segments as $evaluators. */
export function draftDocument(
  flag: Flag,
  config: DraftConfig,
  segments: readonly Segment[],
): Record<string, unknown> {
  const definition: Record<string, unknown> = { state: config.state, variants: flag.variants };
  if (config.defaultVariant !== null) definition.defaultVariant = config.defaultVariant;
  if (config.targeting !== null) definition.targeting = config.targeting;
  const document: Record<string, unknown> = { flags: { [flag.key]: definition } };
  if (segments.length > 0) document.$evaluators = Object.fromEntries(segments.map((s) => [s.key, s.rule]));
  return document;
}

/** core's strict validation, in the browser, as the server will run it before saving. */
export function validateDraft(
  flag: Flag,
  config: DraftConfig,
  segments: readonly Segment[],
): ValidationIssue[] {
  return FlagSet.validate(draftDocument(flag, config, segments));
}

/** Reads what a person typed in the JSON editor: the value, or why it is not JSON. */
export function parseTargetingText(text: string): { value: JsonValue | null } | { error: string } {
  if (text.trim() === '') return { value: null };
  try {
    return { value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}
