/** JSON columns are text in both databases; these keep the (de)serialisation in one place. */
export function toJsonColumn(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJsonColumn<T>(text: string): T;
export function fromJsonColumn<T>(text: string | null): T | null;
export function fromJsonColumn<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
