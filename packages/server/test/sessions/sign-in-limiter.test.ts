import { describe, expect, it } from 'vitest';
import { SignInLimiter } from '../../src/sessions/sign-in-limiter.js';

describe('the sign-in limiter', () => {
  it('refuses a client after its failures in a window, until the window ends', () => {
    let now = 0;
    const limiter = new SignInLimiter({ maxFailures: 3, windowMs: 1000 }, () => now);
    for (let i = 0; i < 3; i++) {
      limiter.check('a');
      limiter.failed('a');
    }
    expect(() => limiter.check('a')).toThrow(/try again in 1 s/);
    // Other clients are not affected.
    expect(() => limiter.check('b')).not.toThrow();
    now = 999;
    expect(() => limiter.check('a')).toThrow();
    now = 1000;
    expect(() => limiter.check('a')).not.toThrow();
  });

  it('forgets failures after a success', () => {
    const limiter = new SignInLimiter({ maxFailures: 2, windowMs: 1000 }, () => 0);
    limiter.failed('a');
    limiter.succeeded('a');
    limiter.failed('a');
    expect(() => limiter.check('a')).not.toThrow();
    limiter.failed('a');
    expect(() => limiter.check('a')).toThrow();
  });
});
