import { PassThrough } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { writeWithBackpressure } from '../src/cli-io.js';

describe('writeWithBackpressure', () => {
  it('waits for a full stream to drain before resolving', async () => {
    const stream = new PassThrough({ highWaterMark: 4 });
    let written = false;
    const pending = writeWithBackpressure(stream, 'more than four bytes').then(() => {
      written = true;
    });
    await tick();
    expect(written).toBe(false);
    stream.resume(); // a reader consumes the buffer, which emits 'drain'
    await pending;
    expect(written).toBe(true);
  });

  it('resolves at once when the stream has room, or when the sink has no drain event', async () => {
    await writeWithBackpressure(new PassThrough({ highWaterMark: 1024 }), 'short');
    const chunks: string[] = [];
    const sinkWithoutDrain = {
      write(chunk: string) {
        chunks.push(chunk);
        return false;
      },
    };
    await writeWithBackpressure(sinkWithoutDrain, 'x');
    expect(chunks).toEqual(['x']);
  });
});
