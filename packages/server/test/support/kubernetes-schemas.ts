import { fileURLToPath } from 'node:url';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import ts from 'typescript';

// biome-ignore lint/suspicious/noExplicitAny: a manifest is any Kubernetes object
export type Manifest = { apiVersion: string; kind: string; metadata: { name: string } } & Record<string, any>;

interface Kind {
  /** kubernetes-models' class: validates against the Kubernetes OpenAPI schema (compiled with ajv). */
  model: new (
    data: never,
  ) => { validate(): void };
  /** The same schema as a TypeScript type, for the strict check (no unknown field). */
  type: { module: string; name: string };
}

const kinds: Record<string, Kind> = {
  'apps/v1 Deployment': {
    model: Deployment,
    type: { module: 'kubernetes-models/apps/v1', name: 'IDeployment' },
  },
  'v1 Service': { model: Service, type: { module: 'kubernetes-models/v1', name: 'IService' } },
  'v1 ServiceAccount': {
    model: ServiceAccount,
    type: { module: 'kubernetes-models/v1', name: 'IServiceAccount' },
  },
  'v1 ConfigMap': { model: ConfigMap, type: { module: 'kubernetes-models/v1', name: 'IConfigMap' } },
  'policy/v1 PodDisruptionBudget': {
    model: PodDisruptionBudget,
    type: { module: 'kubernetes-models/policy/v1', name: 'IPodDisruptionBudget' },
  },
  'autoscaling/v2 HorizontalPodAutoscaler': {
    model: HorizontalPodAutoscaler,
    type: { module: 'kubernetes-models/autoscaling/v2', name: 'IHorizontalPodAutoscaler' },
  },
  'monitoring.coreos.com/v1 ServiceMonitor': {
    model: ServiceMonitor,
    type: {
      module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1',
      name: 'IServiceMonitor',
    },
  },
};

const kindOf = (manifest: Manifest) => `${manifest.apiVersion} ${manifest.kind}`;

/** Schema violations (types, required fields, enums, formats), one line each; empty when valid. */
export function schemaProblems(manifests: Manifest[]): string[] {
  const problems: string[] = [];
  for (const manifest of manifests) {
    const kind = kinds[kindOf(manifest)];
    if (!kind) {
      problems.push(`${kindOf(manifest)} ${manifest.metadata?.name}: no schema for this kind`);
      continue;
    }
    try {
      new kind.model(manifest as never).validate();
    } catch (error) {
      problems.push(`${kindOf(manifest)} ${manifest.metadata.name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Fields the schemas do not know (a misspelt `readinesProbe` passes the OpenAPI schema, which allows
 * extra fields, and is then silently dropped by the API server): each manifest is type-checked as an
 * object literal of its kind's generated type, where TypeScript refuses excess properties at any depth.
 */
export function unknownFieldProblems(manifests: Manifest[]): string[] {
  const file = `${repoRoot}__manifests_check__.ts`;
  const imports = new Map<string, Set<string>>();
  const lines: string[] = [];
  manifests.forEach((manifest, index) => {
    const kind = kinds[kindOf(manifest)];
    if (!kind) return;
    if (!imports.has(kind.type.module)) imports.set(kind.type.module, new Set());
    imports.get(kind.type.module)!.add(kind.type.name);
    lines.push(`export const m${index}: ${kind.type.name} = ${JSON.stringify(manifest, null, 1)};`);
  });
  const source = [
    ...[...imports].map(([module, names]) => `import type { ${[...names].join(', ')} } from '${module}';`),
    ...lines,
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const position = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const declaration = source
      .split('\n')
      .findLast((line, at) => at <= position.line && line.startsWith('export const m'));
    const index = Number(/^export const m(\d+)/.exec(declaration ?? '')?.[1]);
    const manifest = manifests[index];
    return `${manifest ? `${kindOf(manifest)} ${manifest.metadata.name}` : 'manifest'}: ${message}`;
  });
}
