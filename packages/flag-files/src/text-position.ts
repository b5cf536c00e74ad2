/** A 1-based line and column, as editors and compilers print them. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** Converts a 0-based character offset into a 1-based line/column (columns count UTF-16 code units). */
export function positionAt(text: string, offset: number): TextPosition {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}
