import type { OperatorCompiler } from './compiler-types.js';
import { arithmeticOperators } from './operators/arithmetic.js';
import { compileIn, compileMerge, iterationOperators } from './operators/arrays.js';
import { comparisonOperators } from './operators/comparison.js';
import { compileMissing, compileMissingSome, compileVar } from './operators/data-access.js';
import { compileFractional } from './operators/fractional.js';
import { compileAnd, compileDoubleNot, compileIf, compileNot, compileOr } from './operators/logic.js';
import { compileSemVer } from './operators/sem-ver.js';
import { stringOperators } from './operators/strings.js';

/** Every operator flagd targeting may use: standard JSON Logic plus flagd's custom operations. */
export const operators: Readonly<Record<string, OperatorCompiler>> = {
  var: compileVar,
  missing: compileMissing,
  missing_some: compileMissingSome,
  if: compileIf,
  and: compileAnd,
  or: compileOr,
  '!': compileNot,
  '!!': compileDoubleNot,
  ...comparisonOperators,
  ...arithmeticOperators,
  in: compileIn,
  merge: compileMerge,
  ...iterationOperators,
  ...stringOperators,
  sem_ver: compileSemVer,
  fractional: compileFractional,
};
