/** The server's default naming rule for flag keys (SWITCHYARD_FLAG_KEY_PATTERN can change it). */
export const FLAG_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const MAX_FLAG_KEY_LENGTH = 200;

/** Why a key breaks the rule, as the person types it; null when it is fine. */
export function flagKeyProblem(key: string, existing: ReadonlySet<string>): string | null {
  if (key === '') return 'Enter a key.';
  if (key.length > MAX_FLAG_KEY_LENGTH)
    return `At most ${MAX_FLAG_KEY_LENGTH} characters (this is ${key.length}).`;
  if (!FLAG_KEY_PATTERN.test(key)) {
    const lowered = key.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
    const hint = FLAG_KEY_PATTERN.test(lowered) ? ` Try "${lowered}".` : '';
    return `Use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit.${hint}`;
  }
  if (existing.has(key)) return `A flag "${key}" already exists.`;
  return null;
}
