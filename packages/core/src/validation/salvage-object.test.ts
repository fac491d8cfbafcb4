import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { salvageObject } from './salvage-object.js';

const Schema = z
  .object({
    id: z.string(),
    strategy: z.enum(['priority', 'fastest']).default('priority'),
    tags: z.array(z.string()).optional(),
    when: z
      .object({ jurisdiction: z.array(z.string()).optional(), tenant: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();

describe('salvageObject', () => {
  it('keeps each property that passes its own schema and leaves out the ones that fail', () => {
    expect(salvageObject(Schema, { id: 'r', tags: 'one', extra: 1 })).toEqual({
      id: 'r',
      strategy: 'priority',
    });
  });

  it('never replaces a written value that fails by its default', () => {
    const readable = salvageObject(Schema, { id: 'r', strategy: 'priorty' });
    expect(readable).toEqual({ id: 'r' });
    expect(readable && 'strategy' in readable).toBe(false);
  });

  it('reads nested objects property by property', () => {
    expect(salvageObject(Schema, { when: { jurisdiction: ['XX'], tenant: 'acme', other: true } })).toEqual({
      strategy: 'priority',
      when: { jurisdiction: ['XX'] },
    });
  });

  it('gives nothing for a value that is not an object', () => {
    expect(salvageObject(Schema, ['id'])).toBeUndefined();
    expect(salvageObject(Schema, null)).toBeUndefined();
    expect(salvageObject(z.string(), { id: 'r' })).toBeUndefined();
  });
});
