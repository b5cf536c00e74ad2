import { useEffect, useMemo, useState } from 'react';
import type { Flag, JsonValue, Segment } from '../../api/types.js';
import { type DraftConfig, parseTargetingText, validateDraft } from './flag-document.js';
import { RuleBuilder } from './rule-builder.js';
import { fromTargeting, toTargeting } from './rule-model.js';

function pretty(value: JsonValue | null): string {
  return value === null ? '' : JSON.stringify(value, null, 2);
}

/**
 * The visual builder and the raw JSON Logic side by side, one value: editing either updates the
 * other, and core validates the result as it is typed.
 */
export function TargetingEditor({
  flag,
  environment,
  draft,
  savedTargeting,
  segments,
  disabled,
  onChange,
}: {
  flag: Flag;
  environment: string;
  draft: DraftConfig;
  savedTargeting: JsonValue | null;
  segments: Segment[];
  disabled: boolean;
  onChange: (targeting: JsonValue | null, valid: boolean) => void;
}) {
  const [text, setText] = useState(() => pretty(draft.targeting));
  const [parseError, setParseError] = useState<string | null>(null);
  const rules = useMemo(() => fromTargeting(draft.targeting), [draft.targeting]);
  const saved = useMemo(() => fromTargeting(savedTargeting), [savedTargeting]);
  const issues = useMemo(
    () => (parseError ? [] : validateDraft(flag, draft, segments)),
    [flag, draft, segments, parseError],
  );
  // The builder changed the value: the JSON view follows (unless the person is mid-way through typing it).
  useEffect(() => {
    const parsed = parseTargetingText(text);
    if ('value' in parsed && JSON.stringify(parsed.value) === JSON.stringify(draft.targeting)) return;
    setText(pretty(draft.targeting));
    setParseError(null);
  }, [draft.targeting]);
  const onText = (value: string) => {
    setText(value);
    const parsed = parseTargetingText(value);
    if ('error' in parsed) {
      setParseError(parsed.error);
      onChange(draft.targeting, false);
      return;
    }
    setParseError(null);
    const next = { ...draft, targeting: parsed.value };
    onChange(parsed.value, validateDraft(flag, next, segments).length === 0);
  };
  const jsonId = `targeting-json-${environment}`;
  const statusId = `targeting-status-${environment}`;
  return (
    <div className="targeting">
      <div className="builder-pane">
        <h4>Rules</h4>
        {rules ? (
          <RuleBuilder
            rules={rules}
            saved={saved}
            variants={Object.keys(flag.variants)}
            segments={segments}
            disabled={disabled}
            onChange={(next) => {
              const targeting = toTargeting(next);
              onChange(targeting, validateDraft(flag, { ...draft, targeting }, segments).length === 0);
            }}
          />
        ) : (
          <p className="muted">This targeting uses JSON Logic the builder cannot show; edit it as JSON.</p>
        )}
      </div>
      <div className="json-pane">
        <label htmlFor={jsonId}>
          <h4>Targeting JSON</h4>
        </label>
        <textarea
          id={jsonId}
          spellCheck={false}
          rows={14}
          value={text}
          readOnly={disabled}
          aria-describedby={statusId}
          aria-invalid={parseError || issues.length > 0 ? true : undefined}
          onChange={(e) => onText(e.target.value)}
        />
        <div id={statusId} aria-live="polite" className="validation">
          {parseError ? (
            <p className="error">{parseError}</p>
          ) : issues.length > 0 ? (
            <ul className="error issue-list">
              {issues.map((issue) => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path}</code> {issue.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="ok">Valid flagd targeting.</p>
          )}
        </div>
      </div>
    </div>
  );
}
