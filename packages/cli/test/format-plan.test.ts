import { describe, expect, it } from 'vitest';
import { formatPlan, useColour } from '../src/flags-as-code/format-plan.js';
import type { ProjectPlan } from '../src/flags-as-code/plan-project.js';

const command = { action: 'x', target: {} };
const plan: ProjectPlan = {
  changes: [
    {
      type: 'create',
      resource: 'flag a',
      fields: [{ field: 'variants', after: { on: true } }],
      command,
      independent: true,
    },
    {
      type: 'update',
      resource: 'flag b in prod',
      fields: [{ field: 'state', before: 'DISABLED', after: 'ENABLED' }],
      command,
      independent: true,
    },
    { type: 'delete', resource: 'segment c in prod', fields: [], command, independent: true },
  ],
  kept: [],
};

describe('formatPlan', () => {
  it('colours creates green, updates yellow, deletes red, and ends with the summary', () => {
    expect(formatPlan(plan, true)).toBe(
      [
        '\x1b[32m  + flag a\x1b[0m',
        '\x1b[32m      variants: {"on":true}\x1b[0m',
        '\x1b[33m  ~ flag b in prod\x1b[0m',
        '\x1b[33m      state: "DISABLED" -> "ENABLED"\x1b[0m',
        '\x1b[31m  - segment c in prod\x1b[0m',
        '',
        'Plan: 1 to create, 1 to update, 1 to delete.',
        '',
      ].join('\n'),
    );
  });

  it('colours only a terminal, and never with NO_COLOR', () => {
    expect(useColour({ isTTY: true }, {})).toBe(true);
    expect(useColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColour({}, {})).toBe(false);
  });
});
