import { CliServerError } from '../errors.js';
import { type ApiClient, apiPath } from '../server-api/api-client.js';

/** A project as the server has it, with the versions an update must expect. */
export interface ServerProject {
  readonly key: string;
  /** False when the project does not exist yet (apply creates it). */
  readonly exists: boolean;
  readonly environments: readonly ServerEnvironment[];
  readonly flags: readonly ServerFlag[];
}

export interface ServerEnvironment {
  readonly key: string;
  readonly name: string;
  readonly segments: readonly ServerSegment[];
}

export interface ServerSegment {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly rule: Record<string, unknown>;
  readonly version: number;
}

export interface ServerFlagConfig {
  readonly state: 'ENABLED' | 'DISABLED';
  readonly defaultVariant: string | null;
  readonly targeting: Record<string, unknown> | null;
  readonly version: number;
}

export interface ServerFlag {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly kind: string;
  readonly owner: string;
  readonly tags: readonly string[];
  readonly variants: Record<string, unknown>;
  readonly metadata: Record<string, string | number | boolean> | null;
  readonly version: number;
  readonly environments: Readonly<Record<string, ServerFlagConfig>>;
}

/** Reads a project, its environments with their segments, and its flags with every configuration. */
export async function readServerProject(client: ApiClient, project: string): Promise<ServerProject> {
  try {
    await client.get(apiPath('projects', project));
  } catch (error) {
    if (error instanceof CliServerError && error.status === 404) {
      return { key: project, exists: false, environments: [], flags: [] };
    }
    throw error;
  }
  const [{ environments }, { flags }] = await Promise.all([
    client.get<{ environments: { key: string; name: string }[] }>(
      apiPath('projects', project, 'environments'),
    ),
    client.get<{ flags: ServerFlag[] }>(apiPath('projects', project, 'flags')),
  ]);
  const withSegments = await Promise.all(
    environments.map(async (environment) => {
      const { segments } = await client.get<{ segments: ServerSegment[] }>(
        apiPath('projects', project, 'environments', environment.key, 'segments'),
      );
      return { key: environment.key, name: environment.name, segments };
    }),
  );
  return { key: project, exists: true, environments: withSegments, flags };
}
