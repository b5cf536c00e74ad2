import type { JsonValue } from '../../types.js';
import type { CompileScope, Evaluate } from '../compiler-types.js';

/** Compiles each argument of an operator at its own JSON Pointer. */
export function compileArgs(args: JsonValue[], scope: CompileScope, path: string): Evaluate[] {
  return args.map((arg, i) => scope.compile(arg, scope.at(path, i)));
}

/** Reports (in strict mode) an argument count outside what flagd's schema allows. */
export function checkArity(
  name: string,
  args: JsonValue[],
  scope: CompileScope,
  path: string,
  min: number,
  max = min,
): void {
  if (!scope.report || (args.length >= min && args.length <= max)) return;
  const expected =
    min === max
      ? `exactly ${min}`
      : max === Number.POSITIVE_INFINITY
        ? `at least ${min}`
        : `${min} to ${max}`;
  scope.report(
    path,
    `"${name}" takes ${expected} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`,
  );
}
