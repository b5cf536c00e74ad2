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
  type FlagKind,
  flagKinds,
  type ProjectDocument,
  type ProjectEnvironment,
  type ProjectFlag,
  type ProjectFlagConfig,
  type ProjectSegment,
} from './project-file/project-document.js';
export { PROJECT_SCHEMA_ID, PROJECT_SCHEMA_PATH, projectFileSchema } from './project-file/project-schema.js';
export {
  formatProjectProblem,
  type ProjectFileResult,
  parseProjectFileText,
  readProjectFile,
} from './project-file/read-project-file.js';
export {
  type ProjectIssue,
  type ProjectValidation,
  validateProjectDocument,
} from './project-file/validate-project-document.js';
export { type ProjectFileFormat, stringifyProjectDocument } from './project-file/write-project-file.js';
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
