import type { ChangeType, FieldChange, PlannedChange, ProjectPlan } from './plan-project.js';

const SIGN: Record<ChangeType, string> = { create: '+', update: '~', delete: '-' };
const COLOUR: Record<ChangeType, string> = { create: '\x1b[32m', update: '\x1b[33m', delete: '\x1b[31m' };
const RESET = '\x1b[0m';

/** `Plan: 1 to create, 2 to update, 0 to delete.` */
export function planSummary(plan: ProjectPlan): string {
  const count = (type: ChangeType) => plan.changes.filter((c) => c.type === type).length;
  return `Plan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete.`;
}

/**
 * The plan as Terraform shows one: `+` create, `~` update (each field `before -> after`), `-` delete,
 * then the summary line; coloured when `colour` (a terminal without NO_COLOR).
 */
export function formatPlan(plan: ProjectPlan, colour: boolean): string {
  const paint = (type: ChangeType, text: string) => (colour ? `${COLOUR[type]}${text}${RESET}` : text);
  const lines: string[] = [];
  if (plan.changes.length === 0) lines.push('No changes: the server matches the file.');
  for (const change of plan.changes) {
    lines.push(paint(change.type, `  ${SIGN[change.type]} ${change.resource}`));
    for (const field of change.fields) lines.push(paint(change.type, `      ${fieldLine(change, field)}`));
  }
  if (plan.kept.length > 0) {
    lines.push('', `Not in the file, kept (--prune deletes them): ${plan.kept.join(', ')}.`);
  }
  lines.push('', planSummary(plan));
  return `${lines.join('\n')}\n`;
}

function fieldLine(change: PlannedChange, field: FieldChange): string {
  if (change.type === 'create') return `${field.field}: ${show(field.after)}`;
  return `${field.field}: ${show(field.before)} -> ${show(field.after)}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(
  sink: { readonly isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
) {
  return sink.isTTY === true && !env.NO_COLOR;
}
