/**
 * A whole project as code (`switchyard export`, `diff`, `apply`): its flags, and per environment the
 * segments and each flag's configuration. Keys are maps so that a file diffs well in git.
 */
export interface ProjectDocument {
  /** The format's version; only 1 exists. */
  readonly version: 1;
  /** The project key. */
  readonly project: string;
  readonly flags?: Readonly<Record<string, ProjectFlag>>;
  readonly environments?: Readonly<Record<string, ProjectEnvironment>>;
}

export const flagKinds = ['release', 'experiment', 'operational', 'permission'] as const;
export type FlagKind = (typeof flagKinds)[number];

/** What belongs to the flag in every environment. Absent optional fields are left as they are. */
export interface ProjectFlag {
  readonly name?: string;
  readonly description?: string;
  readonly kind?: FlagKind;
  readonly owner?: string;
  readonly tags?: readonly string[];
  readonly variants: Readonly<Record<string, unknown>>;
  readonly metadata?: Readonly<Record<string, string | number | boolean>>;
}

export interface ProjectEnvironment {
  readonly name?: string;
  /** Published to SDKs as `$evaluators`; referred to from targeting as `{"$ref": "<key>"}`. */
  readonly segments?: Readonly<Record<string, ProjectSegment>>;
  /** A flag's configuration here; a flag left out keeps the configuration it has. */
  readonly flags?: Readonly<Record<string, ProjectFlagConfig>>;
}

export interface ProjectSegment {
  readonly name?: string;
  readonly description?: string;
  /** A JSON Logic condition. */
  readonly rule: Readonly<Record<string, unknown>>;
}

export interface ProjectFlagConfig {
  readonly state: 'ENABLED' | 'DISABLED';
  /** Absent or null: no default variant (flagd then answers with the code default). */
  readonly defaultVariant?: string | null;
  /** JSON Logic; absent or null: no targeting. */
  readonly targeting?: Readonly<Record<string, unknown>> | null;
}
