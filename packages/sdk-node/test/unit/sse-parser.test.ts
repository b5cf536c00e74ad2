import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src/sse/sse-parser.js';

const parseAll = (...chunks: string[]) => {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
};

describe('SseParser', () => {
  it('reads event, id and data, and dispatches on a blank line', () => {
    expect(parseAll('id: 7\nevent: change\ndata: {"a":1}\n\n')).toEqual([
      { event: 'change', id: '7', data: '{"a":1}' },
    ]);
  });

  it('defaults the type to message and joins data lines with LF', () => {
    expect(parseAll('data: one\ndata:two\ndata\n\n')).toEqual([
      { event: 'message', id: undefined, data: 'one\ntwo\n' },
    ]);
  });

  it('ignores comments (heartbeats), retry and unknown fields, and frames without data', () => {
    expect(parseAll(': heartbeat\n\nretry: 3000\n\nfoo: bar\n\nevent: x\n\n')).toEqual([]);
  });

  it('does not dispatch an unfinished frame', () => {
    const parser = new SseParser();
    expect(parser.push('event: flagset\ndata: {}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'flagset', id: undefined, data: '{}' }]);
  });

  it('accepts CRLF and CR line endings, a CRLF split across chunks included', () => {
    expect(parseAll('data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r\n')).toEqual([
      { event: 'message', id: undefined, data: 'a' },
      { event: 'message', id: undefined, data: 'b' },
      { event: 'message', id: undefined, data: 'c' },
    ]);
  });

  it('drops exactly one space after the colon', () => {
    expect(parseAll('data:  two spaces\n\n')[0]?.data).toBe(' two spaces');
  });

  it('gives the same events however the stream is cut into chunks', () => {
    const stream =
      'retry: 3000\n\nevent: flagset\nid: 1\ndata: {"version":1}\n\n: heartbeat\n\r\n' +
      'event: change\r\nid: 2\r\ndata: {"version":2,\r\ndata: "x":"é€"}\r\n\r\n';
    const whole = parseAll(stream);
    expect(whole).toHaveLength(2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks = [0, ...points].map((start, i) => stream.slice(start, points[i] ?? stream.length));
        expect(parseAll(...chunks)).toEqual(whole);
      }),
    );
  });
});
