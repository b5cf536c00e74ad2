/**
 * Sets `target[key]` as an own, enumerable data property, even for a key named `__proto__`, which an
 * assignment would turn into the object's prototype instead.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
