export { type CaseResolution, resolutionMismatches } from './cases/compare-resolution.js';
export {
  CASE_VALUE_TYPES,
  type CaseJson,
  type CaseValueType,
  EVALUATION_CASE_TAGS,
  EVALUATION_CASES_VERSION,
  type EvaluationCase,
  type EvaluationCaseTag,
  type ExpectedResolution,
} from './cases/evaluation-case-types.js';
export { toJsonText } from './cases/json-text.js';
export {
  EVALUATION_CASES_PATH,
  EvaluationCasesError,
  evaluationCases,
  parseEvaluationCases,
} from './cases/read-evaluation-cases.js';
export {
  type CaseGroup,
  type EvaluationCaseTarget,
  groupByFlagSet,
  registerEvaluationCases,
} from './cases/register-evaluation-cases.js';
export { type LaunchedChromium, launchChromium } from './chromium.js';
export {
  parseFeatureFile,
  parseFeatureSource,
  type ScenarioCase,
  tagFilter,
} from './flagd/gherkin-source.js';
export { HarnessError, type HarnessErrorCode } from './flagd/harness-errors.js';
export {
  openFeatureClientEvaluator,
  toSuiteResolution,
  typedDetails,
} from './flagd/openfeature-client-evaluator.js';
export { matchStep, runScenario } from './flagd/run-scenario.js';
export { FLAGD_STEP_DEFINITIONS, type StepDefinition } from './flagd/step-definitions.js';
export type { EvaluatorFactory, SuiteEvaluator, SuiteResolution } from './flagd/suite-evaluator.js';
export {
  evaluatorSuiteFeatures,
  FRACTIONAL_V1_EXCLUDED,
  IN_PROCESS_REQUIRED,
  launchpadFlagFiles,
  PROVIDER_SUITE_EXCLUDED_SCENARIOS,
  PROVIDER_SUITE_EXCLUDED_TAGS,
  providerSuiteFeatures,
} from './flagd/suite-selection.js';
export {
  deepMerge,
  loadLaunchpadFlags,
  loadTestbedFlagFile,
  loadTestkitFlags,
} from './flagd/testbed-flags.js';
export { convertValue, FLAG_TYPES, type FlagType, isFlagType } from './flagd/value-conversion.js';
export {
  type FlagdSuiteOptions,
  featurePaths,
  registerFlagdSuite,
  skipReason,
  suiteTagExpression,
  type TagReasons,
} from './flagd-suites.js';
export { handleMissingResource, isCi, MissingResourceError } from './missing-resource.js';
export { locateFlagdTestbed, locatePeer, peersDir } from './peers.js';
export * from './postgres.js';
export { type RunningPrometheus, startPrometheus } from './prometheus.js';
