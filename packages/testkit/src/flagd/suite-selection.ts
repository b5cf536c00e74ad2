import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TagReasons } from '../flagd-suites.js';

// One selection of testbed scenarios for every target (core, OFREP, the Node provider), with the reason
// for each exclusion written once.

/** `@fractional-v1` is excluded everywhere: the evaluator implements flagd's current v2 bucketing. */
export const FRACTIONAL_V1_EXCLUDED: TagReasons = {
  '@fractional-v1': 'legacy float bucketing; core implements v2, as flagd core/v0.15+ and flagd-core 4.x do',
};

/** Exclusions for `gherkin/{targeting,evaluation,metadata,disabled}.feature`. */
export const PROVIDER_SUITE_EXCLUDED_TAGS: TagReasons = {
  ...FRACTIONAL_V1_EXCLUDED,
  '@fractional-v3': 'CBOR hash input (accepted ADR) is not in flagd HEAD yet; core implements v2',
  '@deprecated':
    'superseded expectations (@no-default expected FLAG_NOT_FOUND; @no-default-variant replaces it)',
  '@metadata-provider':
    'needs the launchpad "metadata" config, a different flag set (selector-flag-combined-metadata)',
};

export const PROVIDER_SUITE_EXCLUDED_SCENARIOS: Record<string, string> = {
  'Flag disabled in one flag set, enabled in another':
    'needs two flag sets chosen by a flagd selector; each target here serves one flag set',
};

/** Mode tag for in-process targets; `@rpc`-only scenarios exercise flagd's gRPC service. */
export const IN_PROCESS_REQUIRED: TagReasons = {
  '@in-process': 'evaluation happens in process; @rpc-only scenarios exercise the gRPC service',
};

/** The provider suites' feature files: targeting, evaluation, metadata and disabled. */
export function providerSuiteFeatures(testbedDir: string): string[] {
  return ['targeting', 'evaluation', 'metadata', 'disabled'].map((name) =>
    join(testbedDir, 'gherkin', `${name}.feature`),
  );
}

/** The evaluator suite's feature files (`evaluator/gherkin/*.feature`), in name order. */
export function evaluatorSuiteFeatures(testbedDir: string): string[] {
  const dir = join(testbedDir, 'evaluator', 'gherkin');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.feature'))
    .sort()
    .map((name) => join(dir, name));
}

/** The files the testbed image merges into `allFlags.json`: every `flags/*.json` but `selector-*`, by name. */
export function launchpadFlagFiles(testbedDir: string): string[] {
  const dir = join(testbedDir, 'flags');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && !name.startsWith('selector-'))
    .sort()
    .map((name) => join(dir, name));
}
