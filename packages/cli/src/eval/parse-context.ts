import type { EvaluationContext } from '@switchyard/core';
import { locateJsonSyntaxError, positionAt, type TextPosition } from '@switchyard/flag-files';

/** A parsed evaluation context, or why the text is not one (with the position of a syntax error). */
export type ContextParseResult =
  | { readonly ok: true; readonly context: EvaluationContext }
  | { readonly ok: false; readonly message: string; readonly position?: TextPosition };

/** Parses an evaluation context: a JSON object (`{}` for none). */
export function parseContext(text: string): ContextParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const location = locateJsonSyntaxError(text);
    if (!location) return { ok: false, message: `invalid JSON: ${(error as Error).message}` };
    return {
      ok: false,
      message: `invalid JSON: ${location.message}`,
      position: positionAt(text, location.offset),
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: `an evaluation context must be a JSON object, got ${describeJsonType(value)}`,
    };
  }
  return { ok: true, context: value as EvaluationContext };
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
