/**
 * JSON text of a value without recursion, so contexts nested deeper than JSON.stringify's stack
 * (the hostile cases) can still be sent over HTTP. Plain JSON values only (what `large-context` holds).
 */
export function toJsonText(root: unknown): string {
  const out: string[] = [];
  // Each frame writes one value; containers push their closing bracket, then their items in reverse.
  const stack: ({ value: unknown } | { raw: string })[] = [{ value: root }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if ('raw' in frame) {
      out.push(frame.raw);
      continue;
    }
    const { value } = frame;
    if (Array.isArray(value)) {
      out.push('[');
      stack.push({ raw: ']' });
      for (let i = value.length - 1; i >= 0; i--) {
        stack.push({ value: value[i] ?? null });
        if (i > 0) stack.push({ raw: ',' });
      }
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      out.push('{');
      stack.push({ raw: '}' });
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        stack.push({ value: item });
        stack.push({ raw: `${JSON.stringify(key)}:` });
        if (i > 0) stack.push({ raw: ',' });
      }
    } else {
      out.push(JSON.stringify(value) ?? 'null');
    }
  }
  return out.join('');
}
