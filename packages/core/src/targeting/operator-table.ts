import type { OperatorCompiler } from './compiler-types.js';
import { arithmeticOperators } from './operators/arithmetic.js';
import { compileIn, compileMerge, iterationOperators } from './operators/arrays.js';
import { comparisonOperators } from './operators/comparison.js';
import { compileMissing, compileMissingSome, compileVar } from './operators/data-access.js';
import { compileFractional } from './operators/fractional.js';
import { compileAnd, compileDoubleNot, compileIf, compileNot, compileOr } from './operators/logic.js';
import { compileSemVer } from './operators/sem-ver.js';
import { stringOperators } from './operators/strings.js';

/**
 * JSON Logic operators outside flagd's targeting schema: accepted when parsing leniently (JSON Logic has
 * them), reported by strict validation. `method` is left out on purpose: it calls arbitrary methods.
 */
function outsideFlagdSchema(name: string, compile: OperatorCompiler): OperatorCompiler {
  return (args, scope, path) => {
    scope.report?.(path, `"${name}" is standard JSON Logic but not part of flagd's targeting schema`);
    return compile(args, scope, path);
  };
}

/** `log` returns its argument; the core has no output of its own, so nothing is printed. */
const compileLog: OperatorCompiler = (args, scope, path) => scope.compile(args[0] ?? null, scope.at(path, 0));

/** Every operator flagd targeting may use: standard JSON Logic plus flagd's custom operations. */
export const operators: Readonly<Record<string, OperatorCompiler>> = {
  var: compileVar,
  missing: compileMissing,
  missing_some: compileMissingSome,
  if: compileIf,
  '?:': outsideFlagdSchema('?:', compileIf),
  log: outsideFlagdSchema('log', compileLog),
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
