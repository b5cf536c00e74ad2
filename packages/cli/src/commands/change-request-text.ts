import { formatTable } from '../text/table.js';

interface ActorRef {
  readonly id: string;
  readonly name: string;
}

interface Change {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** A change request as the server answers it, as far as the CLI shows it. */
export interface ChangeRequest {
  readonly id: string;
  readonly project: string;
  readonly environments: readonly string[];
  readonly status: string;
  readonly command: { readonly action: string; readonly target: Readonly<Record<string, string>> };
  readonly plan: {
    readonly flagSets: readonly {
      readonly environment: string;
      readonly flags: Readonly<Record<string, { readonly changes: readonly Change[] }>>;
      readonly evaluators: Readonly<Record<string, { readonly changes: readonly Change[] }>>;
    }[];
  };
  readonly revision: number;
  readonly requestedBy: ActorRef;
  readonly requiredApprovals: number;
  readonly approvals: readonly ActorRef[];
  readonly reviews: readonly { kind: string; actor: ActorRef; comment?: string; at: string }[];
  readonly applyAt: string | null;
  readonly appliedAt: string | null;
  readonly createdAt: string;
}

const target = (request: ChangeRequest) =>
  Object.entries(request.command.target)
    .filter(([field]) => field !== 'project')
    .map(([field, key]) => `${field} ${key}`)
    .join(', ');

export function listChangeRequests(requests: readonly ChangeRequest[]): string {
  if (requests.length === 0) return 'No change requests.\n';
  return formatTable([
    ['ID', 'STATUS', 'APPROVALS', 'ACTION', 'TARGET', 'REQUESTED BY'],
    ...requests.map((r) => [
      r.id,
      r.status,
      `${r.approvals.length}/${r.requiredApprovals}`,
      r.command.action,
      target(r),
      r.requestedBy.name,
    ]),
  ]);
}

const shown = (value: unknown) => (value === undefined ? '(none)' : JSON.stringify(value));

/** One request: what it is, where it stands, and the diff it would make, line by line. */
export function describeChangeRequest(request: ChangeRequest): string {
  const rows = [
    ['status', request.status],
    ['action', `${request.command.action} (${target(request)})`],
    ['environments', request.environments.join(', ')],
    ['requested by', `${request.requestedBy.name} at ${request.createdAt}`],
    [
      'approvals',
      `${request.approvals.length} of ${request.requiredApprovals}${request.approvals.length > 0 ? `: ${request.approvals.map((a) => a.name).join(', ')}` : ''}`,
    ],
    ['revision', String(request.revision)],
  ];
  if (request.applyAt !== null) rows.push(['apply at', request.applyAt]);
  if (request.appliedAt !== null) rows.push(['applied at', request.appliedAt]);
  let text = `Change request ${request.id} (project ${request.project})\n${formatTable(rows, '  ')}`;
  const diff: string[] = [];
  for (const flagSet of request.plan.flagSets) {
    for (const [kind, entries] of [
      ['flag', flagSet.flags],
      ['segment', flagSet.evaluators],
    ] as const) {
      for (const [key, entry] of Object.entries(entries)) {
        diff.push(`  ${flagSet.environment}: ${kind} ${key}`);
        for (const change of entry.changes) {
          diff.push(`    ${change.path || '/'}: ${shown(change.before)} -> ${shown(change.after)}`);
        }
      }
    }
  }
  if (diff.length > 0) text += `Changes:\n${diff.join('\n')}\n`;
  const notes = request.reviews.filter((r) => r.comment !== undefined || r.kind !== 'comment');
  if (notes.length > 0) {
    text += `Reviews:\n${notes
      .map((r) => `  ${r.at} ${r.actor.name} ${r.kind}${r.comment === undefined ? '' : `: ${r.comment}`}`)
      .join('\n')}\n`;
  }
  return text;
}
