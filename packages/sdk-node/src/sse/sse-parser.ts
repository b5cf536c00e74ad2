/** One dispatched Server-Sent Event. */
export interface SseMessage {
  /** `message` unless the frame named another type. */
  event: string;
  data: string;
  /** The frame's own `id:` field, if it had one. */
  id: string | undefined;
}

/**
 * Incremental Server-Sent Events parser following the WHATWG event-stream rules: lines end in
 * LF, CR or CRLF (possibly split across chunks), `:` starts a comment, a field without a colon
 * has an empty value, one leading space after the colon is dropped, data lines join with LF,
 * and a blank line dispatches (a frame without data dispatches nothing). `retry:` is ignored:
 * the provider runs its own backoff.
 */
export class SseParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  #id: string | undefined;
  #sawField = false;

  /** Feeds decoded text; returns the events completed by it, in order. */
  push(text: string): SseMessage[] {
    this.#buffer += text;
    const out: SseMessage[] = [];
    let start = 0;
    for (;;) {
      const lf = this.#buffer.indexOf('\n', start);
      const cr = this.#buffer.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
        if (cr === this.#buffer.length - 1) break;
        end = cr;
        next = this.#buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      const message = this.#line(this.#buffer.slice(start, end));
      if (message) out.push(message);
      start = next;
    }
    this.#buffer = this.#buffer.slice(start);
    return out;
  }

  #line(line: string): SseMessage | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        this.#event = value;
        break;
      case 'data':
        this.#data.push(value);
        break;
      case 'id':
        if (!value.includes('\0')) this.#id = value;
        break;
      default:
        return undefined;
    }
    this.#sawField = true;
    return undefined;
  }

  #dispatch(): SseMessage | undefined {
    const message: SseMessage | undefined =
      this.#sawField && this.#data.length > 0
        ? { event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id }
        : undefined;
    this.#event = '';
    this.#data = [];
    this.#id = undefined;
    this.#sawField = false;
    return message;
  }
}
