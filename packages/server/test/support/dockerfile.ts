/** One Dockerfile instruction: its keyword (upper case), its text after the keyword, and its stage. */
export interface Instruction {
  keyword: string;
  args: string;
  /** Index of the build stage (FROM) it belongs to; -1 before the first FROM (global ARGs). */
  stage: number;
  line: number;
}

/**
 * Splits a Dockerfile into instructions as BuildKit reads it: comments and blank lines dropped,
 * backslash continuations joined (comment lines inside a continuation skipped), keywords case-insensitive.
 */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let stage = -1;
  let pending = '';
  let startLine = 0;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && pending === '')) continue;
    if (pending === '') startLine = index + 1;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    const whole = (pending + trimmed).trim();
    pending = '';
    if (whole === '') continue;
    const match = /^(\S+)\s*(.*)$/s.exec(whole)!;
    const keyword = match[1]!.toUpperCase();
    if (keyword === 'FROM') stage++;
    instructions.push({ keyword, args: match[2]!.replace(/\s+/g, ' ').trim(), stage, line: startLine });
  }
  if (pending !== '') throw new Error('the Dockerfile ends inside a line continuation');
  return instructions;
}

/** An exec-form (JSON array) argument list, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`not an exec-form argument list: ${args}`);
  }
  return parsed;
}

/** Flags (`--from=build`, `--interval=10s`) at the start of an instruction's arguments, and the rest. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (
    let match = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest);
    match;
    match = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(rest)
  ) {
    flags[match[1]!] = match[2] ?? 'true';
    rest = rest.slice(match[0].length);
  }
  return { flags, rest };
}
