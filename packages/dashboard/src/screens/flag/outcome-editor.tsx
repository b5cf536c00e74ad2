import { SelectField } from '../../components/select-field.js';
import { movedShare, type Outcome } from './rule-model.js';

/** What a rule serves: one variant, or a percentage split with a slider that says who moves. */
export function OutcomeEditor({
  label,
  outcome,
  saved,
  variants,
  disabled,
  allowDefault,
  onChange,
}: {
  label: string;
  outcome: Outcome | null;
  /** The split as saved, to show how many users a change moves. */
  saved: Outcome | null;
  variants: string[];
  disabled: boolean;
  allowDefault: boolean;
  onChange: (outcome: Outcome | null) => void;
}) {
  const mode =
    outcome === null ? 'default' : outcome.type === 'variant' ? `variant:${outcome.variant}` : 'split';
  const setMode = (value: string) => {
    if (value === 'default') onChange(null);
    else if (value === 'split') {
      const even = Math.floor(100 / variants.length);
      onChange({
        type: 'split',
        weights: variants.map((v, i) => [v, i === 0 ? 100 - even * (variants.length - 1) : even]),
      });
    } else onChange({ type: 'variant', variant: value.slice(8) });
  };
  const split = outcome?.type === 'split' ? outcome : null;
  const total = split ? split.weights.reduce((sum, [, w]) => sum + w, 0) : 0;
  const setWeight = (index: number, weight: number) => {
    if (!split) return;
    const weights = split.weights.map(([v, w], i): [string, number] => [v, i === index ? weight : w]);
    // Two variants: the slider moves users between them, so the other takes the rest of 100.
    if (weights.length === 2 && index === 0) weights[1] = [weights[1]![0], Math.max(0, 100 - weight)];
    onChange({ type: 'split', weights });
  };
  const moved = split && saved?.type === 'split' ? movedShare(saved.weights, split.weights) : null;
  return (
    <div className="outcome">
      <SelectField label={label} value={mode} disabled={disabled} onChange={(e) => setMode(e.target.value)}>
        {allowDefault && <option value="default">the default variant</option>}
        {variants.map((v) => (
          <option key={v} value={`variant:${v}`}>
            variant {v}
          </option>
        ))}
        {variants.length > 1 && <option value="split">a percentage split</option>}
      </SelectField>
      {split && (
        <div className="split">
          {split.weights.map(([variant, weight], index) => (
            <div key={variant} className="split-row">
              <label>
                {`${label}: weight of ${variant}`}{' '}
                <input
                  type="range"
                  min={0}
                  max={100}
                  value={weight}
                  disabled={disabled}
                  onChange={(e) => setWeight(index, Number(e.target.value))}
                />
              </label>
              <output>{total > 0 ? `${Math.round((weight / total) * 1000) / 10}%` : '0%'}</output>
            </div>
          ))}
          {moved !== null && moved > 0 && (
            <p className="muted" aria-live="polite">
              {`At least ${moved}% of users would switch variant with this change.`}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
