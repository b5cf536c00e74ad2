export { type ChanceToBeatControl, chanceToBeatControl } from './bayes.js';
export {
  type CompareOptions,
  type Comparison,
  compareEstimates,
  compareMeans,
  compareRatios,
} from './compare.js';
export {
  chiSquareSurvival,
  normalCdf,
  normalQuantile,
  studentTQuantile,
  studentTTwoSided,
} from './distributions.js';
export { InsufficientDataError, InvalidArgumentError } from './errors.js';
export { type Estimate, meanEstimate, ratioEstimate } from './estimate.js';
export type { Effect, Interval } from './interval.js';
export { type Moments, moments } from './moments.js';
export { type EndEstimate, estimateEnd, type RemainingSample, remainingSample } from './progress.js';
export {
  type ConversionPlanInput,
  conversionSampleSize,
  type MdeType,
  type MeanPlanInput,
  meanSampleSize,
  type SampleSizePlan,
} from './sample-size.js';
export {
  DEFAULT_PLANNED_SAMPLE_SIZE,
  mixtureLogLikelihoodRatio,
  type SequentialComparison,
  type SequentialOptions,
  sequentialCompare,
  sequentialHalfWidth,
  sequentialRho,
} from './sequential.js';
export { type SampleRatioMismatch, SRM_THRESHOLD, sampleRatioMismatch } from './srm.js';
export { conversionSummary, type MeanSummary, type RatioSummary } from './summary.js';
