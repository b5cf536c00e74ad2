import type { Segment } from '../../api/types.js';
import { OutcomeEditor } from './outcome-editor.js';
import {
  type Condition,
  formatValue,
  OPERATORS,
  type Operator,
  type Outcome,
  parseValue,
  type Rule,
  type RuleSet,
} from './rule-model.js';

function ConditionRow({
  name,
  condition,
  segments,
  disabled,
  onChange,
  onRemove,
}: {
  name: string;
  condition: Condition;
  segments: Segment[];
  disabled: boolean;
  onChange: (condition: Condition) => void;
  onRemove: () => void;
}) {
  return (
    <div className="condition">
      <select
        aria-label={`${name}: type`}
        value={condition.type}
        disabled={disabled}
        onChange={(e) =>
          onChange(
            e.target.value === 'segment'
              ? { type: 'segment', segment: segments[0]?.key ?? '' }
              : { type: 'attribute', attribute: '', operator: '==', value: '' },
          )
        }
      >
        <option value="attribute">attribute</option>
        <option value="segment">in segment</option>
      </select>
      {condition.type === 'segment' ? (
        <select
          aria-label={`${name}: segment`}
          value={condition.segment}
          disabled={disabled}
          onChange={(e) => onChange({ type: 'segment', segment: e.target.value })}
        >
          {!segments.some((s) => s.key === condition.segment) && (
            <option value={condition.segment}>{condition.segment}</option>
          )}
          {segments.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name || s.key}
            </option>
          ))}
        </select>
      ) : (
        <>
          <input
            aria-label={`${name}: attribute`}
            placeholder="attribute, e.g. email"
            value={condition.attribute}
            disabled={disabled}
            onChange={(e) => onChange({ ...condition, attribute: e.target.value })}
          />
          <select
            aria-label={`${name}: operator`}
            value={condition.operator}
            disabled={disabled}
            onChange={(e) => {
              const operator = e.target.value as Operator;
              onChange({ ...condition, operator, value: parseValue(formatValue(condition.value), operator) });
            }}
          >
            {OPERATORS.map(([op, text]) => (
              <option key={op} value={op}>
                {text}
              </option>
            ))}
          </select>
          <input
            aria-label={`${name}: value`}
            value={formatValue(condition.value)}
            disabled={disabled}
            onChange={(e) =>
              onChange({ ...condition, value: parseValue(e.target.value, condition.operator) })
            }
          />
        </>
      )}
      {!disabled && (
        <button type="button" onClick={onRemove} aria-label={`Remove ${name}`}>
          ×
        </button>
      )}
    </div>
  );
}

/** Rules in order: the first whose conditions all hold decides; everyone else gets the fallback. */
export function RuleBuilder({
  rules,
  saved,
  variants,
  segments,
  disabled,
  onChange,
}: {
  rules: RuleSet;
  saved: RuleSet | undefined;
  variants: string[];
  segments: Segment[];
  disabled: boolean;
  onChange: (rules: RuleSet) => void;
}) {
  const setRule = (index: number, rule: Rule | null) => {
    const next = rules.rules.flatMap((r, i) => (i === index ? (rule ? [rule] : []) : [r]));
    onChange({ ...rules, rules: next });
  };
  const addRule = () =>
    onChange({
      ...rules,
      rules: [
        ...rules.rules,
        {
          conditions: [{ type: 'attribute', attribute: '', operator: '==', value: '' }],
          outcome: { type: 'variant', variant: variants[0] ?? '' },
        },
      ],
    });
  return (
    <div className="rule-builder">
      {rules.rules.map((rule, index) => {
        const name = `Rule ${index + 1}`;
        return (
          <fieldset key={index} className="rule">
            <legend>{name}</legend>
            {rule.conditions.map((condition, c) => (
              <ConditionRow
                key={c}
                name={`${name}, condition ${c + 1}`}
                condition={condition}
                segments={segments}
                disabled={disabled}
                onChange={(next) =>
                  setRule(index, { ...rule, conditions: rule.conditions.map((x, i) => (i === c ? next : x)) })
                }
                onRemove={() => {
                  const conditions = rule.conditions.filter((_, i) => i !== c);
                  setRule(index, conditions.length > 0 ? { ...rule, conditions } : null);
                }}
              />
            ))}
            {!disabled && (
              <button
                type="button"
                onClick={() =>
                  setRule(index, {
                    ...rule,
                    conditions: [
                      ...rule.conditions,
                      { type: 'attribute', attribute: '', operator: '==', value: '' },
                    ],
                  })
                }
              >
                Add condition to {name}
              </button>
            )}
            <OutcomeEditor
              label={`${name} serves`}
              outcome={rule.outcome}
              saved={saved?.rules[index]?.outcome ?? null}
              variants={variants}
              disabled={disabled}
              allowDefault={false}
              onChange={(outcome) => outcome && setRule(index, { ...rule, outcome: outcome as Outcome })}
            />
            {!disabled && (
              <button type="button" onClick={() => setRule(index, null)}>
                Remove {name}
              </button>
            )}
          </fieldset>
        );
      })}
      {!disabled && (
        <button type="button" onClick={addRule}>
          Add rule
        </button>
      )}
      <OutcomeEditor
        label="Everyone else gets"
        outcome={rules.fallback}
        saved={saved?.fallback ?? null}
        variants={variants}
        disabled={disabled}
        allowDefault
        onChange={(fallback) => onChange({ ...rules, fallback })}
      />
    </div>
  );
}
