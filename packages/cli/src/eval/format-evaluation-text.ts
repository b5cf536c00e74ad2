import type { ExplainStep } from '@switchyard/core';
import type { FlagEvaluation } from './evaluate.js';

/**
 * A readable account of one evaluation: the result on the first line, then (when explained) each
 * step with its rule path, and for `fractional` the arithmetic that turned the hash into a bucket.
 */
export function formatEvaluationText(evaluation: FlagEvaluation, contextLabel: string): string {
  const { flag, details } = evaluation;
  const value = details.value !== undefined ? JSON.stringify(details.value) : 'no value';
  const facts = [
    details.variant !== undefined ? `variant ${details.variant}` : undefined,
    `reason ${details.reason}`,
  ];
  const lines = [`${flag} [${contextLabel}]: ${value} (${facts.filter(Boolean).join(', ')})`];
  if (details.errorCode !== undefined) {
    lines.push(`  error ${details.errorCode}${details.errorMessage ? `: ${details.errorMessage}` : ''}`);
  }
  evaluation.steps?.forEach((step, index) => {
    const path = step.path === '' ? '' : `${step.path} `;
    lines.push(`  ${index + 1}. ${path}(${step.kind}) ${step.message}`);
    const bucketing = step.kind === 'fractional' ? describeBucketing(step) : undefined;
    if (bucketing) lines.push(`     ${bucketing}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * How the hash became a variant: `hash H × total weight T >> 32 = B in [0, T) → "variant"`, flagd v2 bucketing.
 */
function describeBucketing(step: ExplainStep): string | undefined {
  const { hash, totalWeight, bucket, variant } = step.data ?? {};
  if (typeof hash !== 'number' || typeof totalWeight !== 'number' || typeof bucket !== 'number')
    return undefined;
  const outcome = variant === undefined ? '' : ` → ${JSON.stringify(variant)}`;
  return `hash ${hash} × total weight ${totalWeight} >> 32 = ${bucket} in [0, ${totalWeight})${outcome}`;
}

/** `targetingKey "u1"`, `no targetingKey`, with the JSON Lines line number when there is one. */
export function contextLabel(targetingKey: unknown, lineNumber?: number): string {
  const key = targetingKey === undefined ? 'no targetingKey' : `targetingKey ${JSON.stringify(targetingKey)}`;
  return lineNumber === undefined ? key : `line ${lineNumber}, ${key}`;
}
