export {
  type BorrowedRef,
  type CombinationSource,
  type CombinedFlagSet,
  combineFlagDocuments,
  type RenamedEvaluator,
} from './combine/combine-flag-documents.js';
export {
  type FileProblem,
  type FileProblemKind,
  type FileProblemSeverity,
  formatFileProblem,
} from './file-problem.js';
export {
  type DuplicateJsonKey,
  findDuplicateJsonKeys,
  type JsonSyntaxLocation,
  locateJsonSyntaxError,
} from './json-scanner.js';
export { type LoadFlagFilesResult, loadFlagFiles } from './load-flag-files.js';
export {
  type FlagFile,
  type FlagFileFailure,
  type FlagFileFormat,
  type FlagFileResult,
  flagFileFormat,
  flagFileOf,
  type ParsedFlagFile,
  type ParsedFlagFileResult,
  parseFlagFileText,
  readFlagFile,
} from './read-flag-file.js';
export { describeReadError, readTextFile, type TextFileResult } from './read-text-file.js';
export { positionAt, type TextPosition } from './text-position.js';
export { combinationWarnings, unknownFieldWarnings } from './warnings.js';
