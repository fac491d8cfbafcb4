import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ProviderError } from '../errors/provider-error.js';
import { parseWire } from './parse-wire.js';

const call = { provider: 'p', model: 'm' };
const schema = z.looseObject({ choices: z.array(z.looseObject({ index: z.number() })) });

describe('parseWire', () => {
  it('returns a value of the shape, unknown fields kept', () => {
    expect(
      parseWire(schema, { choices: [{ index: 0, x: 1 }], y: 2 }, { call, what: 'a completion' }),
    ).toEqual({
      choices: [{ index: 0, x: 1 }],
      y: 2,
    });
  });

  it('names the first wrong field instead of failing later with a TypeError', () => {
    try {
      parseWire(schema, { choices: [{ index: 'zero' }] }, { call, what: 'a completion' });
      throw new Error('expected an error');
    } catch (error) {
      if (!ProviderError.isInstance(error)) throw error;
      expect(error.failure).toMatchObject({ kind: 'transient', code: 'malformed_response' });
      expect(error.failure.message).toBe(
        'expected a completion; choices[0].index: expected number, received string (got {"choices":[{"index":"zero"}]})',
      );
    }
  });
});
