import type { EvaluationContext } from '@switchyard/core';

export type ParsedOfrepRequest = { ok: true; context: EvaluationContext } | { ok: false; message: string };

const EMPTY_CONTEXT: EvaluationContext = Object.freeze({}) as EvaluationContext;

/**
 * Reads `{"context": {...}}` from an OFREP request body. Lenient like flagd: an empty body, `{}`
 * and a context without `targetingKey` are all fine. Anything that is not that shape is an
 * INVALID_CONTEXT, with a message naming the problem.
 */
export function parseOfrepRequest(text: string | undefined): ParsedOfrepRequest {
  if (text === undefined || text.length === 0) return { ok: true, context: EMPTY_CONTEXT };
  let body: unknown;
  try {
    // A reviver is slow; only pay for it when a prototype key could be smuggled in.
    body = text.includes('__proto__') ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
  } catch (error) {
    // Only now, as it is rare: a body of white space alone is an empty one.
    if (text.trim() === '') return { ok: true, context: EMPTY_CONTEXT };
    return { ok: false, message: `request body is not valid JSON: ${(error as Error).message}` };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, message: 'request body must be a JSON object like {"context": {...}}' };
  }
  const context = (body as { context?: unknown }).context;
  if (context === undefined || context === null) return { ok: true, context: EMPTY_CONTEXT };
  if (typeof context !== 'object' || Array.isArray(context)) {
    return { ok: false, message: '/context must be a JSON object' };
  }
  const targetingKey = (context as { targetingKey?: unknown }).targetingKey;
  if (targetingKey !== undefined && typeof targetingKey !== 'string') {
    return { ok: false, message: '/context/targetingKey must be a string' };
  }
  return { ok: true, context: context as EvaluationContext };
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}
