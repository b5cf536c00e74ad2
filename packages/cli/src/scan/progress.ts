import type { TextSink } from '../cli-io.js';

/** How often the progress line is redrawn: often enough to look alive, rarely enough to cost nothing. */
const REDRAW_MS = 100;

/**
 * A one-line progress display on a terminal's stderr (`Scanning… 1,234 of 10,000 files`), redrawn
 * in place and erased at the end. Silent when stderr is not a terminal (CI logs, pipes, tests).
 */
export function progressLine(stderr: TextSink, now: () => number = Date.now) {
  const enabled = stderr.isTTY === true;
  let drawn = false;
  let last = 0;
  const draw = (text: string, final: boolean) => {
    const time = now();
    if (drawn && !final && time - last < REDRAW_MS) return;
    last = time;
    drawn = true;
    stderr.write(`\r\x1b[2K${text}`);
  };
  return {
    /** While files are being found. */
    found(files: number): void {
      if (enabled) draw(`Finding files… ${files.toLocaleString('en')}`, false);
    },
    update(done: number, total: number): void {
      if (enabled)
        draw(`Scanning… ${done.toLocaleString('en')} of ${total.toLocaleString('en')} files`, done >= total);
    },
    clear(): void {
      if (drawn) stderr.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
