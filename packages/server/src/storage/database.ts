import type { Generated, Kysely } from 'kysely';

/** Row shapes of every table. JSON columns are stored as text so SQLite and PostgreSQL share one code path. */
export interface ProjectTable {
  id: string;
  key: string;
  name: string;
  description: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface EnvironmentTable {
  id: string;
  project_id: string;
  key: string;
  name: string;
  /** Flag-set version: +1 on every committed change to the environment's flagd document. */
  version: number;
  /** Flag-set level `metadata` (JSON text), kept so an imported document round-trips. */
  metadata: string | null;
  created_at: string;
  updated_at: string;
}

export interface FlagTable {
  id: string;
  project_id: string;
  key: string;
  name: string;
  description: string;
  kind: string;
  owner: string;
  tags: string;
  variants: string;
  metadata: string | null;
  /** The variant a new environment's (DISABLED) configuration starts with; null: none. */
  default_variant: string | null;
  /** The variant a kill or a rollback serves; null: the off variant (see flag rules). */
  safe_variant: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** Set while the flag is archived: kept, but served nowhere. */
  archived_at: string | null;
}

export interface FlagConfigTable {
  flag_id: string;
  environment_id: string;
  state: string;
  default_variant: string | null;
  targeting: string | null;
  version: number;
  updated_at: string;
}

export interface SegmentTable {
  id: string;
  environment_id: string;
  key: string;
  name: string;
  description: string;
  rule: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AuditEntryTable {
  id: Generated<number>;
  at: string;
  actor: string;
  actor_name: string;
  request_id: string;
  action: string;
  resource_type: string;
  resource: string;
  project_key: string | null;
  environment_key: string | null;
  flag_key: string | null;
  before: string | null;
  after: string | null;
  changes: string;
  /** Why, as the actor said (optional). */
  reason: string | null;
  /** JSON: how the change passed an approval policy (change request and approvers, or a bypass). */
  approval: string | null;
}

export interface AdminTokenTable {
  id: string;
  name: string;
  role: string;
  token_hash: string;
  prefix: string;
  /** JSON array of project keys the token reaches; null: every project. */
  projects: string | null;
  /** JSON array of grants raising the role in a project or environment. */
  grants: string;
  /** JSON array of the command actions the token is limited to; null: not limited. */
  actions: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface SdkKeyTable {
  id: string;
  environment_id: string;
  name: string;
  kind: string;
  key_hash: string;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

export interface RolloutTable {
  id: string;
  project_id: string;
  environment_id: string;
  flag_id: string;
  flag_key: string;
  /** The plan as given (JSON), validated by @switchyard/rollout. */
  plan: string;
  /** The policy's state (JSON): status, step, when it started. */
  state: string;
  /** Copied from the state for queries: running, paused, completed, rolled-back. */
  status: string;
  /** The flag's targeting with the rollout's slot empty (JSON; null: no targeting of its own). */
  base_targeting: string | null;
  /** The targeting the rollout last wrote (JSON): anything else there means a person edited it. */
  written_targeting: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface RolloutEventTable {
  id: Generated<number>;
  rollout_id: string;
  at: string;
  /** start, advance, hold, pause, resume, promote, rollback, complete, edit-detected, … */
  action: string;
  reason: string;
  step_index: number;
  /** Weight of the rolled-out variant for the general population, over 10,000. */
  basis_points: number;
  rings: string;
  /** What the decision looked at (JSON), or null for a person's action. */
  evidence: string | null;
  actor: string;
}

/** Per-variant request outcomes reported by SDKs, summed per second of arrival. */
export interface VariantMetricTable {
  environment_id: string;
  flag_key: string;
  variant: string;
  /** Epoch second the summaries arrived in. */
  second: number;
  /** The replica that received them: each replica writes each of its seconds once. */
  source: string;
  n: number;
  errors: number;
  latency_sum: number;
  latency_sum_squares: number;
  /** Cumulative latency histogram, JSON array of counts per bound of `latencyBounds`. */
  latency_buckets: string;
}

/** An automatic kill switch on a flag in one environment, and where its evaluation stands. */
export interface KillRuleTable {
  flag_id: string;
  environment_id: string;
  /** JSON: { maxErrorRate, for, minSamples? }. */
  rule: string;
  /** Epoch ms the current unbroken run of bad samples began; null when healthy. */
  breaching_since: number | null;
  /** Epoch second up to which telemetry has been judged (exclusive). */
  evaluated_through: number;
  updated_at: string;
}

/**
 * Every Alertmanager alert about a flag the server handled, once per firing episode (fingerprint and
 * start) and status: what makes a repeated notification change nothing, and the list people read.
 */
export interface IntegrationAlertTable {
  fingerprint: string;
  /** As Alertmanager sent it (RFC 3339): a new firing episode of the same alert starts later. */
  starts_at: string;
  /** firing or resolved. */
  status: string;
  received_at: string;
  alertname: string;
  project_key: string;
  environment_key: string;
  flag_key: string;
  /** rolled-back, killed (firing) or recorded (resolved). */
  outcome: string;
  rollout_id: string | null;
  /** What was done and why, as the audit entry's reason says it. */
  message: string;
  actor: string;
  request_id: string;
  /** The alert's labels and annotations (JSON objects). */
  labels: string;
  annotations: string;
  generator_url: string | null;
}

/** A command to run once at a set time, as the actor who scheduled it, and what came of it. */
export interface ScheduleTable {
  id: string;
  /** The command value (JSON), as given. */
  command: string;
  action: string;
  /** The command's target project and environment keys (null when it has none), for filters. */
  project_key: string | null;
  environment_key: string | null;
  /** UTC instant, ISO 8601 with milliseconds: compared as text. */
  run_at: string;
  /** The IANA zone it was scheduled in (for people; run_at is what counts). */
  time_zone: string;
  /** pending, running, succeeded, failed, cancelled. */
  status: string;
  reason: string | null;
  /** The actor id (`admin-token:<id>`): the run re-reads this token's access at run time. */
  created_by: string;
  created_by_name: string;
  created_at: string;
  /** The replica holding the claim, the claim's id (outcomes are written only under it) and when. */
  claimed_by: string | null;
  claim_id: string | null;
  claimed_at: string | null;
  attempts: number;
  finished_at: string | null;
  /** What the command answered (JSON), when it succeeded. */
  result: string | null;
  /** `{ code, message, issues }` (JSON), when it failed. */
  error: string | null;
  cancelled_by: string | null;
  cancelled_by_name: string | null;
  version: number;
}

/** An A/B test on a flag in one environment; its per-unit data is in the two tables below. */
export interface ExperimentTable {
  /** An integer: the per-unit tables repeat it once per unit and event. */
  id: Generated<number>;
  project_id: string;
  environment_id: string;
  flag_id: string;
  flag_key: string;
  key: string;
  /** The design (JSON): variants and weights, metrics, α, power, MDE, attribution window. */
  design: string;
  /** draft, running, stopped. */
  status: string;
  /** The flag's targeting with the experiment's slot empty (JSON), from its start. */
  base_targeting: string | null;
  /** What the experiment last wrote into the flag's configuration (JSON). */
  written_targeting: string | null;
  started_at: string | null;
  stopped_at: string | null;
  /** The variant served to everyone once it stopped (JSON string or null), and why it stopped. */
  outcome: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** Each unit (targeting key) of an experiment: the variant of its first exposure. */
export interface ExperimentUnitTable {
  experiment_id: number;
  unit: string;
  variant: string;
  /** Epoch ms of its first exposure. */
  exposed_at: number;
  /** 1 when it was also exposed to another variant: counted, excluded from the results. */
  conflicted: number;
}

/** A unit's totals of one tracked event inside its attribution window. */
export interface ExperimentUnitEventTable {
  experiment_id: number;
  unit: string;
  event: string;
  count: number;
  value_sum: number;
}

/** Per variant: units counted, and units excluded (exposed to another variant too). Kept as events arrive. */
export interface ExperimentVariantTable {
  experiment_id: number;
  variant: string;
  units: number;
  conflicted: number;
}

/** Per metric and variant, the sums over counted units that results read (kept as events arrive). */
export interface ExperimentVariantSumsTable {
  experiment_id: number;
  metric: string;
  variant: string;
  n: number;
  sum: number;
  sum_squares: number;
  denominator_sum: number;
  denominator_sum_squares: number;
  cross_sum: number;
}

/** A repository's last upload of code references to a project: what its references are as of. */
export interface CodeReferenceUploadTable {
  project_id: string;
  /** As the uploader names it, e.g. `github.com/acme/shop`. */
  repository: string;
  commit_sha: string;
  branch: string | null;
  uploaded_at: string;
  /** The actor id and name of the upload (the audit trail has the rest). */
  uploaded_by: string;
  uploaded_by_name: string;
  reference_count: number;
  flag_count: number;
}

/**
 * Where code uses a flag key, as the last upload of its repository said. By key, not flag id: code
 * names keys, which need not be flags of the project (yet, or any more).
 */
/** Which changes to one environment need approval, and from whom. */
export interface ApprovalPolicyTable {
  environment_id: string;
  project_id: string;
  required_approvals: number;
  /** JSON array of roles whose approval counts. */
  approver_roles: string;
  /** 1: a kill switch or a rollback commits without approval (its audit entry says so). */
  emergency_bypass: number;
  updated_at: string;
}

/** A held change: the command, its plan, its reviews and what became of it. */
export interface ChangeRequestTable {
  id: string;
  project_id: string;
  /** JSON array of the environment keys whose policy holds the change. */
  environments: string;
  /** pending, approved, rejected, applied, cancelled. */
  status: string;
  /** JSON: the command value. */
  command: string;
  /** JSON: its plan when requested or last edited (the base the apply re-checks). */
  plan: string;
  /** JSON array of { kind, actor, role?, comment?, at, revision }. */
  reviews: string;
  /** Bumped by each edit: approvals of an earlier revision no longer count. */
  revision: number;
  requested_by: string;
  requested_by_name: string;
  apply_at: string | null;
  apply_by: string | null;
  applied_at: string | null;
  applied_by: string | null;
  /** JSON: what the command answered when applied. */
  result: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface CodeReferenceTable {
  project_id: string;
  repository: string;
  flag_key: string;
  /** Path in the repository, `/` separators. */
  file: string;
  line: number;
}

export interface SessionTable {
  /** SHA-256 of the session secret (the cookie's value); the secret itself is never stored. */
  id_hash: string;
  /** The admin token the session acts as; null for a single sign-on session. */
  token_id: string | null;
  /** Single sign-on: the identity provider's subject, the person's name, their access (JSON). */
  subject: string | null;
  name: string | null;
  access: string | null;
  created_at: string;
  expires_at: string;
}

export interface OidcLoginTable {
  /** SHA-256 of the login cookie's secret, which binds the callback to the browser that started it. */
  id_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: string;
}

/** A project's lifecycle settings and the state of its stale-flag digest. */
export interface ProjectLifecycleTable {
  project_id: string;
  /** JSON: `LifecycleSettings`. */
  settings: string;
  version: number;
  updated_at: string;
  digest_due_at: string | null;
  digest_sent_at: string | null;
  digest_error: string | null;
}

export interface FlagEvaluationTable {
  environment_id: string;
  flag_key: string;
  last_evaluated_at: string;
}

export interface Database {
  projects: ProjectTable;
  environments: EnvironmentTable;
  flags: FlagTable;
  flag_configs: FlagConfigTable;
  segments: SegmentTable;
  audit_entries: AuditEntryTable;
  admin_tokens: AdminTokenTable;
  sessions: SessionTable;
  oidc_logins: OidcLoginTable;
  project_lifecycle: ProjectLifecycleTable;
  flag_evaluations: FlagEvaluationTable;
  sdk_keys: SdkKeyTable;
  rollouts: RolloutTable;
  rollout_events: RolloutEventTable;
  variant_metrics: VariantMetricTable;
  kill_rules: KillRuleTable;
  integration_alerts: IntegrationAlertTable;
  schedules: ScheduleTable;
  experiments: ExperimentTable;
  experiment_units: ExperimentUnitTable;
  experiment_unit_events: ExperimentUnitEventTable;
  experiment_variants: ExperimentVariantTable;
  experiment_variant_sums: ExperimentVariantSumsTable;
  code_reference_uploads: CodeReferenceUploadTable;
  code_references: CodeReferenceTable;
  approval_policies: ApprovalPolicyTable;
  change_requests: ChangeRequestTable;
}

export type Db = Kysely<Database>;
/** The database or an open transaction: what stores run their queries on. */
export type Queryable = Kysely<Database>;
export type DialectName = 'sqlite' | 'postgres';
