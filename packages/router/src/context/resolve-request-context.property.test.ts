import { compilePolicy, type MidStreamMode, type RequestContext, validateConfig } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestOptionsError } from '../errors/request-options-error.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { parseAmbientContext, resolveRequestContext } from './resolve-request-context.js';
import { zodParseRequestOptions } from './zod-parse-request-options.js';

const config = validateConfig(testConfig(), { file: 'test' });
const policy = compilePolicy({ policy: config.policy, targets: config.targets, groups: config.groups });

/** A context with its fields in any order, some given as undefined. */
const context: fc.Arbitrary<RequestContext> = fc
  .tuple(
    fc.record(
      {
        jurisdiction: fc.constantFrom(undefined, 'DE', 'US', 'EU'),
        dataClass: fc.constantFrom(undefined, 'public', 'internal'),
        tenant: fc.constantFrom(undefined, 'acme'),
        tags: fc.constantFrom(undefined, ['batch']),
      },
      { requiredKeys: [] },
    ),
    fc.boolean(),
  )
  .map(([fields, reversed]) =>
    reversed ? Object.fromEntries(Object.entries(fields).reverse()) : (fields as RequestContext),
  );

const requestOptions = fc.oneof(
  fc.constant(undefined),
  context,
  fc
    .tuple(
      context,
      fc.record(
        {
          deadlineMs: fc.constantFrom(undefined, 1, 0, 2.5),
          midStream: fc.constantFrom(undefined, 'error', 'retry'),
        },
        { requiredKeys: [] },
      ),
    )
    .map(([fields, call]) => ({ ...call, ...fields })),
  fc.constantFrom({ jurisdiction: '' }, { tenant: null }, { extra: 1 }, ['DE'], 'DE', { jurisdiction: 'de' }),
);

/** `resolveRequestContext` as it was: zod, a rest destructuring and a three-way spread. */
function resolveBefore(options: {
  given: unknown;
  ambient: RequestContext | undefined;
  defaults: RequestContext;
  deadlineMs: number | undefined;
  midStream: MidStreamMode | undefined;
}) {
  if (options.given === undefined) {
    return {
      context: options.ambient ?? options.defaults,
      deadlineMs: options.deadlineMs,
      midStream: options.midStream ?? 'continue',
    };
  }
  const { context: own, deadlineMs, midStream } = zodParseRequestOptions(options.given, policy, true);
  return {
    context: { ...options.defaults, ...options.ambient, ...own },
    deadlineMs: deadlineMs ?? options.deadlineMs,
    midStream: midStream ?? options.midStream ?? 'continue',
  };
}

/** The result with its context's keys in order, or the issues thrown. */
function outcome<Result extends { context: RequestContext } | RequestContext>(resolve: () => Result) {
  try {
    const result = resolve();
    const resolved = 'context' in result && typeof result.context === 'object' ? result.context : result;
    return { result, keys: Object.keys(resolved as object) };
  } catch (error) {
    if (!RequestOptionsError.isInstance(error)) throw error;
    return { issues: error.issues };
  }
}

describe('resolveRequestContext', () => {
  it('resolves every request as the zod-only path with spreads did: the same fields, in the same order', () => {
    fc.assert(
      fc.property(
        requestOptions,
        fc.option(context, { nil: undefined }),
        context,
        fc.constantFrom(undefined, 5),
        fc.constantFrom<MidStreamMode | undefined>(undefined, 'error'),
        (given, ambient, defaults, deadlineMs, midStream) => {
          const before = outcome(() => resolveBefore({ given, ambient, defaults, deadlineMs, midStream }));
          const now = outcome(() =>
            resolveRequestContext({
              providerOptions: given === undefined ? undefined : { switchyard: given as never },
              ambient,
              defaults,
              policy,
              deadlineMs,
              midStream,
            }),
          );
          expect(now).toStrictEqual(before);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('parseAmbientContext', () => {
  it('gives what the zod path with a spread gave: the same fields, in the same order, or the same issues', () => {
    fc.assert(
      fc.property(fc.oneof(context, requestOptions), context, (given, defaults) => {
        const before = outcome(() => ({
          ...defaults,
          ...zodParseRequestOptions(given, policy, false).context,
        }));
        const now = outcome(() => parseAmbientContext(given as RequestContext, defaults, policy));
        expect(now).toStrictEqual(before);
      }),
      { numRuns: 2_000 },
    );
  });
});
