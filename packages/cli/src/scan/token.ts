/**
 * What the reference finder needs of a source file: names, punctuation and literals, each with
 * the 1-based line it starts on. Comments and whitespace are dropped.
 */
export type Token =
  | { readonly kind: 'name'; readonly text: string; readonly line: number }
  | { readonly kind: 'punct'; readonly text: string; readonly line: number }
  /** A string literal whose value is fully known (no interpolation, not bytes). */
  | { readonly kind: 'string'; readonly value: string; readonly line: number }
  /** Any other literal: a number, a character, bytes, a regex, a string with substitutions. */
  | { readonly kind: 'other'; readonly line: number };
