import type { JsonValue } from '../../types.js';
import type { CompileScope, Evaluate, OperatorCompiler } from '../compiler-types.js';
import { constantOf } from '../constant.js';
import { truthy } from '../truthy.js';
import { checkArity, compileArgs } from './compile-args.js';

function tracedCondition(fn: Evaluate, scope: CompileScope, path: string, index: number): Evaluate {
  const trace = scope.trace;
  if (!trace) return fn;
  return (data, ctx) => {
    const value = fn(data, ctx);
    const result = truthy(value);
    trace({
      path,
      kind: 'condition',
      message: `condition ${index} is ${result}`,
      data: { index, value, result },
    });
    return value;
  };
}

function ifThenElse(test: Evaluate, then: Evaluate, otherwise: Evaluate): Evaluate {
  return (data, ctx) => {
    const v = test(data, ctx);
    return v === true || (v !== false && truthy(v)) ? then(data, ctx) : otherwise(data, ctx);
  };
}

function ifChain(fns: Evaluate[]): Evaluate {
  return (data, ctx) => {
    let i = 0;
    for (; i < fns.length - 1; i += 2) {
      const v = fns[i]!(data, ctx);
      if (v === true || (v !== false && truthy(v))) return fns[i + 1]!(data, ctx);
    }
    return i === fns.length - 1 ? fns[i]!(data, ctx) : null;
  };
}

/** JSON Logic truthiness, tested inline for the usual boolean first. */
function holds(v: unknown): boolean {
  return v === true || (v !== false && truthy(v));
}

// Branches that are literals (variant names, as nearly always) are returned as values rather than
// called: each call of a compiled node is an indirect call V8 cannot inline.
function ifChainValues(tests: Evaluate[], results: unknown[], otherwise: Evaluate): Evaluate {
  const n = tests.length;
  return (data, ctx) => {
    for (let i = 0; i < n; i++) if (holds(tests[i]!(data, ctx))) return results[i];
    return otherwise(data, ctx);
  };
}

const none: Evaluate = () => null;

/** An `if` chain whose branches (the final else aside) are literals, compiled to return them. */
function compileIfValues(args: JsonValue[], fns: Evaluate[], scope: CompileScope): Evaluate | undefined {
  // Chains only: for a single condition, measured, returning captured values did not beat calling.
  if (scope.trace || fns.length < 4) return undefined;
  const tests: Evaluate[] = [];
  const results: unknown[] = [];
  let i = 0;
  for (; i < fns.length - 1; i += 2) {
    const branch = constantOf(args[i + 1]);
    if (!branch) return undefined;
    tests.push(fns[i]!);
    results.push(branch.value);
  }
  return ifChainValues(tests, results, i === fns.length - 1 ? fns[i]! : none);
}

/** `if`: condition/branch pairs with an optional final else; no match gives null. */
export const compileIf: OperatorCompiler = (args, scope, path) => {
  checkArity('if', args, scope, path, 1, Number.POSITIVE_INFINITY);
  const fns = compileArgs(args, scope, path);
  const withValues = compileIfValues(args, fns, scope);
  if (withValues) return withValues;
  if (scope.trace) {
    for (let i = 0; i < fns.length - 1; i += 2)
      fns[i] = tracedCondition(fns[i]!, scope, scope.at(path, i), i / 2);
  }
  // Closures are made in helpers so they capture only what they run, not the compile-time scope.
  return fns.length === 3 ? ifThenElse(fns[0]!, fns[1]!, fns[2]!) : ifChain(fns);
};

function andPair(a: Evaluate, b: Evaluate): Evaluate {
  return (data, ctx) => {
    const v = a(data, ctx);
    return v === true || (v !== false && truthy(v)) ? b(data, ctx) : v;
  };
}

function andAll(fns: Evaluate[]): Evaluate {
  return (data, ctx) => {
    let value: unknown = null;
    for (const fn of fns) {
      value = fn(data, ctx);
      if (!truthy(value)) return value;
    }
    return value;
  };
}

function orAll(fns: Evaluate[]): Evaluate {
  return (data, ctx) => {
    let value: unknown = null;
    for (const fn of fns) {
      value = fn(data, ctx);
      if (truthy(value)) return value;
    }
    return value;
  };
}

/** `and` returns the first falsy value or the last one, evaluating lazily. */
export const compileAnd: OperatorCompiler = (args, scope, path) => {
  checkArity('and', args, scope, path, 1, Number.POSITIVE_INFINITY);
  const fns = compileArgs(args, scope, path);
  return fns.length === 2 ? andPair(fns[0]!, fns[1]!) : andAll(fns);
};

/** `or` returns the first truthy value or the last one, evaluating lazily. */
export const compileOr: OperatorCompiler = (args, scope, path) => {
  checkArity('or', args, scope, path, 1, Number.POSITIVE_INFINITY);
  return orAll(compileArgs(args, scope, path));
};

function unary(name: string, args: JsonValue[], scope: CompileScope, path: string): Evaluate {
  checkArity(name, args, scope, path, 1);
  return scope.compile(args[0] ?? null, scope.at(path, 0));
}

export const compileNot: OperatorCompiler = (args, scope, path) => {
  const fn = unary('!', args, scope, path);
  return (data, ctx) => !truthy(fn(data, ctx));
};

export const compileDoubleNot: OperatorCompiler = (args, scope, path) => {
  const fn = unary('!!', args, scope, path);
  return (data, ctx) => truthy(fn(data, ctx));
};
