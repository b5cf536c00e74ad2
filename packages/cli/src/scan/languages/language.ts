import type { StringForm, Syntax } from '../source-scanner.js';

/** What the scanner knows of one language: how to read it and how its OpenFeature calls are spelt. */
export interface Language {
  readonly name: 'javascript' | 'python' | 'go' | 'java' | 'csharp';
  /** File extensions, lower case, with the dot. */
  readonly extensions: readonly string[];
  readonly syntax: Syntax;
  /** The evaluation methods whose flag-key argument names a flag. */
  readonly getters: ReadonlySet<string>;
  /**
   * Which argument is the flag key: the first, or (Go) the second, after the `context.Context`; a
   * Go call whose first argument is itself a string literal is something else (`flags.String("name", …)`).
   */
  readonly keyArgument: 'first' | 'second';
  /** The key passed by name (`flag_key="…"`, `flagKey: "…"`): those names and the sign after them. */
  readonly namedKey?: { readonly names: ReadonlySet<string>; readonly sign: '=' | ':' };
  /** Whether `name<Type>(…)` passes type arguments between the method and its arguments. */
  readonly typeArguments: boolean;
}

/** A string closed by `quote` (one or more characters). */
export function quoted(
  quote: string,
  options: Pick<StringForm, 'escapes' | 'multiline'> & Partial<Pick<StringForm, 'holes' | 'isText'>>,
): StringForm {
  return {
    closeLength: (text, pos) => (text.startsWith(quote, pos) ? quote.length : 0),
    holes: 'none',
    isText: true,
    ...options,
  };
}

/** The getter names `prefix + Type + suffix` for every combination. */
export function spellings(
  prefixes: readonly string[],
  types: readonly string[],
  suffixes: readonly string[],
): string[] {
  return prefixes.flatMap((prefix) =>
    types.flatMap((type) => suffixes.map((suffix) => `${prefix}${type}${suffix}`)),
  );
}
