import { compilePolicy, validateConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { fastParseRequestOptions } from './fast-parse-request-options.js';

const config = validateConfig(testConfig(), { file: 'test' });
const policy = compilePolicy({ policy: config.policy, targets: config.targets, groups: config.groups });

describe('fastParseRequestOptions', () => {
  it('reads the common options without zod: the context in the schema order, deadline and mode apart', () => {
    const parsed = fastParseRequestOptions(
      { tenant: 'acme', midStream: 'error', dataClass: 'internal', jurisdiction: 'DE', deadlineMs: 250 },
      policy,
      true,
    );
    expect(parsed).toStrictEqual({
      context: { jurisdiction: 'DE', dataClass: 'internal', tenant: 'acme' },
      deadlineMs: 250,
      midStream: 'error',
    });
    expect(Object.keys(parsed?.context ?? {})).toEqual(['jurisdiction', 'dataClass', 'tenant']);
  });

  it('keeps a field given as undefined, and copies the tags', () => {
    const tags = ['batch'];
    const parsed = fastParseRequestOptions({ jurisdiction: undefined, tags }, policy, true);
    expect(parsed?.context).toStrictEqual({ jurisdiction: undefined, tags: ['batch'] });
    expect(parsed?.context.tags).not.toBe(tags);
  });

  it('reads the options again on every call (a caller may change its object)', () => {
    const options: Record<string, unknown> = { jurisdiction: 'DE' };
    expect(fastParseRequestOptions(options, policy, true)?.context).toStrictEqual({ jurisdiction: 'DE' });
    options.jurisdiction = 'SG';
    expect(fastParseRequestOptions(options, policy, true)?.context).toStrictEqual({ jurisdiction: 'SG' });
    options.jurisdiction = '';
    expect(fastParseRequestOptions(options, policy, true)).toBeUndefined();
  });

  it.each([
    ['an empty string', { tenant: '' }],
    ['an unknown key', { dataClas: 'internal' }],
    ['an unknown jurisdiction', { jurisdiction: 'de' }],
    ['an undeclared data class', { dataClass: 'secret' }],
    ['a null field', { tenant: null }],
    ['an empty tag', { tags: ['a', ''] }],
    ['a hole among the tags', { tags: Object.assign([], { 1: 'a' }) }],
    ['a deadline that is not a positive safe integer', { deadlineMs: 0 }],
    ['a fractional deadline', { deadlineMs: 1.5 }],
    ['an unknown mode', { midStream: 'retry' }],
    ['an array', ['DE']],
    ['null', null],
    ['a string', 'DE'],
  ])('leaves %s to zod', (_name, input) => {
    expect(fastParseRequestOptions(input, policy, true)).toBeUndefined();
  });

  it('leaves deadlineMs and midStream to zod in a withContext context, where they are unknown keys', () => {
    expect(fastParseRequestOptions({ jurisdiction: 'DE' }, policy, false)?.context).toStrictEqual({
      jurisdiction: 'DE',
    });
    expect(fastParseRequestOptions({ deadlineMs: 5 }, policy, false)).toBeUndefined();
    expect(fastParseRequestOptions({ midStream: undefined }, policy, false)).toBeUndefined();
  });

  it('leaves an inherited enumerable key to zod, as .strict() sees it', () => {
    const input = Object.create({ extra: 1 }) as Record<string, unknown>;
    input.jurisdiction = 'DE';
    expect(fastParseRequestOptions(input, policy, true)).toBeUndefined();
  });
});
