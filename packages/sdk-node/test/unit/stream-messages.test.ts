import { describe, expect, it } from 'vitest';
import { SwitchyardSdkError } from '../../src/errors.js';
import { readStreamMessage } from '../../src/sync/stream-messages.js';

describe('readStreamMessage', () => {
  it('reads flagset and change events', () => {
    expect(readStreamMessage('flagset', '{"version":3,"etag":"\\"x\\"","flagSet":{"flags":{}}}')).toEqual({
      type: 'flagset',
      version: 3,
      etag: '"x"',
      document: { flags: {} },
    });
    expect(readStreamMessage('change', '{"version":4,"previousVersion":3,"flags":{"a":null}}')).toEqual({
      type: 'change',
      version: 4,
      previousVersion: 3,
      flags: { a: null },
    });
  });

  it('skips event types it does not know', () => {
    expect(readStreamMessage('message', '{}')).toBeUndefined();
    expect(readStreamMessage('future-thing', 'not even json')).toBeUndefined();
  });

  it.each([
    ['flagset', 'nope', 'data is not JSON'],
    ['flagset', '[]', 'not a JSON object'],
    ['flagset', '{"version":-1,"flagSet":{"flags":{}}}', '"version"'],
    ['flagset', '{"version":1,"flagSet":{}}', '"flagSet"'],
    ['change', '{"version":2,"flags":{}}', '"previousVersion"'],
    ['change', '{"version":2,"previousVersion":1,"flags":[]}', '"flags"'],
    ['change', '{"version":2,"previousVersion":1,"flags":{"a":true}}', 'flag "a"'],
  ])('refuses a malformed %s event: %s', (event, data, problem) => {
    let thrown: unknown;
    try {
      readStreamMessage(event, data);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SwitchyardSdkError);
    expect((thrown as SwitchyardSdkError).code).toBe('BAD_RESPONSE');
    expect((thrown as Error).message).toContain(problem);
  });
});
