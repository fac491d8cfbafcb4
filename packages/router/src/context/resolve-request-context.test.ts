import { compilePolicy, validateConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { RequestOptionsError } from '../errors/request-options-error.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { parseAmbientContext, resolveRequestContext } from './resolve-request-context.js';

const config = validateConfig(testConfig(), { file: 'test' });
const policy = compilePolicy({ policy: config.policy, targets: config.targets, groups: config.groups });
const defaults = { jurisdiction: 'US', dataClass: 'internal' };

describe('resolveRequestContext', () => {
  it('parses nothing without providerOptions.switchyard: the ambient context, else the default', () => {
    expect(
      resolveRequestContext({
        providerOptions: undefined,
        ambient: undefined,
        defaults,
        policy,
        deadlineMs: 5,
      }),
    ).toEqual({
      context: defaults,
      deadlineMs: 5,
      midStream: 'continue',
    });
    const ambient = { jurisdiction: 'SG' };
    expect(
      resolveRequestContext({ providerOptions: {}, ambient, defaults, policy, deadlineMs: undefined })
        .context,
    ).toBe(ambient);
  });

  it('layers the request over the ambient context over the default, with its own deadline', () => {
    expect(
      resolveRequestContext({
        providerOptions: { switchyard: { jurisdiction: 'DE', deadlineMs: 100 } },
        ambient: { tenant: 'acme' },
        defaults,
        policy,
        deadlineMs: 5,
      }),
    ).toEqual({
      context: { jurisdiction: 'DE', dataClass: 'internal', tenant: 'acme' },
      deadlineMs: 100,
      midStream: 'continue',
    });
  });

  it("takes the request's midStream over the route's or router's, which applies otherwise", () => {
    const resolve = (switchyard: Record<string, string> | undefined) =>
      resolveRequestContext({
        providerOptions: switchyard === undefined ? undefined : { switchyard },
        ambient: undefined,
        defaults,
        policy,
        deadlineMs: undefined,
        midStream: 'error',
      }).midStream;
    expect(resolve(undefined)).toBe('error');
    expect(resolve({ jurisdiction: 'DE' })).toBe('error');
    expect(resolve({ midStream: 'continue' })).toBe('continue');
    expect(() => resolve({ midStream: 'retry' })).toThrow(/midStream/);
  });

  it('rejects unknown keys and jurisdictions precisely', () => {
    const resolve = (switchyard: unknown) => () =>
      resolveRequestContext({
        providerOptions: { switchyard } as never,
        ambient: undefined,
        defaults,
        policy,
        deadlineMs: undefined,
      });
    expect(resolve({ dataClas: 'x' })).toThrow(/unknown key "dataClas".*did you mean "dataClass"/);
    expect(resolve({ jurisdiction: 'ASIA' })).toThrow(RequestOptionsError);
    expect(() => parseAmbientContext({ jurisdiction: 'de' }, defaults, policy)).toThrow(RequestOptionsError);
  });
});
