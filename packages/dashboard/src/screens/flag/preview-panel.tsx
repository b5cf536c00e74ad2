import { type Explanation, FlagSet } from '@switchyard/core';
import { useId, useMemo, useState } from 'react';
import type { Flag, Segment } from '../../api/types.js';
import { type DraftConfig, draftDocument } from './flag-document.js';

function explainDraft(flag: Flag, draft: DraftConfig, segments: readonly Segment[], contextText: string) {
  let context: Record<string, unknown>;
  try {
    const parsed: unknown = contextText.trim() === '' ? {} : JSON.parse(contextText);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return { error: 'The context must be a JSON object, e.g. {"targetingKey": "user-1"}.' };
    context = parsed as Record<string, unknown>;
  } catch (error) {
    return {
      error: `The context is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  try {
    const set = FlagSet.parse(draftDocument(flag, draft, segments));
    return { explanation: set.explain(flag.key, context as never) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Evaluates the draft (not yet saved) for a typed context with core, and shows explain's trace. */
export function PreviewPanel({
  flag,
  draft,
  segments,
}: {
  flag: Flag;
  draft: DraftConfig;
  segments: Segment[];
}) {
  const [contextText, setContextText] = useState('{\n  "targetingKey": "user-1"\n}');
  const id = useId();
  const result = useMemo(
    () => explainDraft(flag, draft, segments, contextText),
    [flag, draft, segments, contextText],
  ) as { error?: string; explanation?: Explanation };
  const details = result.explanation?.details;
  return (
    <section aria-labelledby={`${id}-title`} className="preview">
      <h3 id={`${id}-title`}>Preview</h3>
      <label htmlFor={`${id}-context`}>Evaluation context (JSON)</label>
      <textarea
        id={`${id}-context`}
        rows={5}
        spellCheck={false}
        value={contextText}
        onChange={(e) => setContextText(e.target.value)}
      />
      <section aria-live="polite" aria-label="Preview result">
        {result.error && <p className="error">{result.error}</p>}
        {details && (
          <>
            <p className="result">
              Result: variant <strong data-testid="preview-variant">{details.variant ?? '(none)'}</strong>,
              value <code>{JSON.stringify(details.value)}</code>, reason <strong>{details.reason}</strong>
              {details.errorCode ? ` (${details.errorCode}: ${details.errorMessage ?? ''})` : ''}
            </p>
            <ol className="trace" aria-label="Explanation">
              {result.explanation!.steps.map((step, i) => (
                <li key={i}>
                  <code>{step.path || '/'}</code> {step.kind}: {step.message}
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
    </section>
  );
}
