/** The minimal writable the CLI needs; `process.stdout` and test buffers both satisfy it. */
export interface TextSink {
  /** `false` means the stream's buffer is full (Node's backpressure signal); wait for `drain`. */
  write(chunk: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
  /** True for a terminal (`process.stderr` sets it): progress is drawn only there. */
  readonly isTTY?: boolean;
}

/**
 * Writes and, when the stream asks for it, waits until its buffer drains, so streaming a large
 * JSON Lines file into a slow pipe does not pile the whole output up in memory.
 */
export async function writeWithBackpressure(sink: TextSink, chunk: string): Promise<void> {
  if (sink.write(chunk) === false && sink.once) {
    await new Promise<void>((resolve) => sink.once!('drain', resolve));
  }
}

/** Everything a command may touch outside its arguments, passed in so commands run in-process in tests. */
export interface CliIo {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Relative file arguments resolve against this directory, not `process.cwd()`. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}
