import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../errors/provider-error.js';
import { parseProviderOptions } from './parse-provider-options.js';

const call = { provider: 'openai', model: 'gpt-x' };
const schema = z.strictObject({
  /** A field. */
  service_tier: z.enum(['auto', 'default']).optional(),
  /** Another. */
  store: z.boolean().optional(),
});

function messageOf(providerOptions: Record<string, unknown>): string {
  try {
    parseProviderOptions({ call, key: 'openai', schema, providerOptions });
  } catch (error) {
    if (ProviderError.isInstance(error)) {
      expect(error.failure).toMatchObject({ kind: 'invalid_request', code: 'invalid_provider_options' });
      return error.failure.message;
    }
    throw error;
  }
  throw new Error('expected an error');
}

describe('parseProviderOptions', () => {
  it('returns the options, or undefined when none were given', () => {
    expect(
      parseProviderOptions({ call, key: 'openai', schema, providerOptions: { openai: { store: true } } }),
    ).toEqual({
      store: true,
    });
    expect(
      parseProviderOptions({ call, key: 'openai', schema, providerOptions: { other: {} } }),
    ).toBeUndefined();
  });

  it('names an unknown key and the closest valid one', () => {
    expect(messageOf({ openai: { servce_tier: 'auto' } })).toBe(
      'providerOptions.openai.servce_tier: unknown key "servce_tier"; expected one of service_tier, store; did you mean "service_tier"?',
    );
  });

  it.each(['model', 'messages', 'prompt', 'stream', 'system'])('never lets %s be set', (key) => {
    expect(messageOf({ openai: { [key]: 'x' } })).toMatch(
      new RegExp(`^providerOptions\\.openai\\.${key} cannot be set: `),
    );
  });

  it('never lets a field the adapter owns be set, saying what to do instead', () => {
    expect(() =>
      parseProviderOptions({
        call,
        key: 'openai',
        schema,
        providerOptions: { openai: { n: 2 } },
        reserved: { n: 'the adapter reads one choice' },
      }),
    ).toThrow('providerOptions.openai.n cannot be set: the adapter reads one choice');
  });

  it('names a wrong value and a value that is not an object', () => {
    expect(messageOf({ openai: { store: 'yes' } })).toBe(
      'providerOptions.openai.store: wrong type: got text "yes"; expected true or false',
    );
    expect(messageOf({ openai: ['x'] })).toBe(
      'providerOptions.openai must be an object of openai request options; got ["x"]',
    );
  });
});
