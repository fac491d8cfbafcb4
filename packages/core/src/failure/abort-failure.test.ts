import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors/provider-error.js';
import { abortFailure, isAbortError } from './abort-failure.js';

describe('abortFailure', () => {
  it('is a timeout when the reason is a TimeoutError', () => {
    expect(abortFailure(new DOMException('late', 'TimeoutError'))).toMatchObject({ kind: 'timeout' });
  });

  it('is a transient abort for any other reason', () => {
    expect(abortFailure(new DOMException('stop', 'AbortError'))).toMatchObject({
      kind: 'transient',
      code: 'aborted',
    });
    expect(abortFailure('user left')).toMatchObject({ kind: 'transient', code: 'aborted' });
  });

  it('keeps the failure a ProviderError reason carries', () => {
    const failure = { kind: 'content_filtered', message: 'refused' } as const;
    expect(abortFailure(new ProviderError({ provider: 'p', model: 'm', failure }))).toBe(failure);
  });
});

describe('isAbortError', () => {
  it('recognises aborts and timeouts only', () => {
    expect(isAbortError(new DOMException('x', 'AbortError'))).toBe(true);
    expect(isAbortError(new DOMException('x', 'TimeoutError'))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
  });
});
