import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors/provider-error.js';
import { rejectedFailure, thrownFailure } from './provider-failure-of.js';

const failure = { kind: 'transient', message: 'overloaded' } as const;
const providerError = () => new ProviderError({ provider: 'openai', model: 'm', failure });

describe('thrownFailure and rejectedFailure', () => {
  it("give the ProviderError's classified failure", async () => {
    expect(
      thrownFailure(() => {
        throw providerError();
      }),
    ).toMatchObject(failure);
    expect(await rejectedFailure(Promise.reject(providerError()))).toMatchObject(failure);
  });

  it('fail when nothing failed, and pass on any other error', async () => {
    expect(() => thrownFailure(() => 1)).toThrow('expected a ProviderError, but nothing was thrown');
    await expect(rejectedFailure(Promise.resolve(1))).rejects.toThrow('the promise resolved');
    const other = new TypeError('not classified');
    expect(() =>
      thrownFailure(() => {
        throw other;
      }),
    ).toThrow(other);
    await expect(rejectedFailure(Promise.reject(other))).rejects.toBe(other);
  });
});
