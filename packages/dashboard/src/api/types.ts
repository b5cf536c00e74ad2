export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type FlagState = 'ENABLED' | 'DISABLED';
export type Role = 'viewer' | 'editor' | 'admin';

export interface Grant {
  role: Role;
  project?: string | null;
  environment?: string | null;
}

export interface Actor {
  /** Absent only on servers older than change requests. */
  id?: string;
  name: string;
  role: Role;
  projects?: string[] | null;
  grants?: Grant[] | null;
  actions?: string[] | null;
}

export interface Session {
  csrfToken: string;
  expiresAt: string;
  actor: Actor;
}

export interface Project {
  key: string;
  name: string;
}

export interface Environment {
  key: string;
  name: string;
  version: number;
}

export interface FlagConfig {
  state: FlagState;
  defaultVariant: string | null;
  targeting: JsonValue | null;
  version: number;
  updatedAt: string;
}

export interface Flag {
  key: string;
  name: string;
  description: string;
  kind: string;
  owner: string;
  tags: string[];
  variants: Record<string, JsonValue>;
  defaultVariant: string | null;
  safeVariant: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  environments: Record<string, FlagConfig>;
  codeReferences: { references: number; repositories: number; lastUploadedAt: string | null };
  /** Why the server considers the flag stale (empty: it is not); absent on servers without lifecycle. */
  stale?: { reasons: { code: string; message: string; since: string | null }[] };
}

/** A flag as the flags list shows it: `GET …/flags?view=summary`. */
export interface FlagSummary {
  key: string;
  name: string;
  description: string;
  kind: string;
  owner: string;
  tags: string[];
  version: number;
  archivedAt: string | null;
  environments: Record<string, { state: FlagState }>;
  lifecycle: { stage: string };
  /** Why the server considers the flag stale (empty: it is not). */
  stale: { reasons: { code: string; message: string }[] };
}

export interface Segment {
  key: string;
  name: string;
  description: string;
  rule: JsonValue;
  version: number;
}

export interface AuditChange {
  path: string;
  before?: JsonValue;
  after?: JsonValue;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: { id: string; name: string };
  action: string;
  resourceType: string;
  resource: string;
  project: string | null;
  environment: string | null;
  flag: string | null;
  before: JsonValue;
  after: JsonValue;
  changes: AuditChange[];
  reason: string | null;
}

export interface SdkKey {
  id: string;
  name: string;
  kind: string;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  key?: string;
}

export interface AdminToken {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  token?: string;
}

export interface RolloutStep {
  index: number;
  kind: 'ring' | 'percentage';
  weight: number;
  rings: string[];
  earliestAt: string;
}

export interface RolloutEvent {
  at: string;
  action: string;
  reason: string;
  step: number;
  weight: number;
  rings: string[];
  actor: string;
  evidence: unknown;
}

export interface Rollout {
  id: string;
  flag: string;
  variant: string;
  control: string;
  safeVariant: string;
  status: string;
  weight: number;
  rings: string[];
  step: { index: number; count: number; weight: number; rings: string[] };
  steps: RolloutStep[];
  startedAt: string;
  version: number;
  timeline?: RolloutEvent[];
}

export interface Experiment {
  key: string;
  name: string;
  flag: string;
  control: string;
  weights: Record<string, number>;
  status: string;
  startedAt: string | null;
  stoppedAt: string | null;
  version: number;
}

export interface VariantResult {
  variant: string;
  units: number;
  mean: number | null;
  relativeEffect: number | null;
  ci: [number, number] | null;
  pValue: number | null;
  significant: boolean | null;
  chanceToBeatControl: number | null;
}

export interface ExperimentResults {
  experiment: string;
  status: string;
  units: number;
  srm: { pValue: number; mismatch: boolean } | null;
  warnings: string[];
  primaryMetric: string;
  variants: VariantResult[];
  progress: {
    requiredPerVariant: number | null;
    remainingPerVariant: Record<string, number> | null;
    complete: boolean;
    estimatedEndAt: string | null;
    daysRemaining: number | null;
  } | null;
}

export interface ActorRef {
  id: string;
  name: string;
}

export type ChangeRequestStatus = 'pending' | 'approved' | 'rejected' | 'applied' | 'cancelled';

export interface PlannedChange {
  action: string;
  resourceType: string;
  resource: string;
  projectKey?: string;
  environmentKey?: string;
  flagKey?: string;
  before: JsonValue;
  after: JsonValue;
  changes: AuditChange[];
}

/** What a command would do: its audit entries and how each environment's flag set would change. */
export interface Plan {
  action: string;
  changes: PlannedChange[];
  flagSets: {
    project: string;
    environment: string;
    change: 'created' | 'changed' | 'removed';
    version: number;
    nextVersion: number | null;
  }[];
}

export interface Review {
  kind: 'approve' | 'reject' | 'comment' | 'edit';
  actor: ActorRef;
  role?: Role;
  comment?: string;
  at: string;
  revision: number;
}

export interface ChangeRequest {
  id: string;
  project: string;
  environments: string[];
  status: ChangeRequestStatus;
  command: {
    action: string;
    target: Record<string, string>;
    payload?: JsonValue;
    expectedVersion?: number;
    reason?: string;
  };
  plan: Plan;
  revision: number;
  requestedBy: ActorRef;
  requiredApprovals: number;
  approvals: ActorRef[];
  reviews: Review[];
  applyAt: string | null;
  appliedAt: string | null;
  appliedBy: ActorRef | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ApprovalPolicy {
  project: string;
  environment: string;
  requiredApprovals: number;
  approverRoles: ('editor' | 'admin')[];
  allowEmergencyBypass: boolean;
  updatedAt: string;
}
