/** 32-bit FNV-1a over a string's UTF-16 code units: a quick hash for in-memory tables, not for bucketing. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}
