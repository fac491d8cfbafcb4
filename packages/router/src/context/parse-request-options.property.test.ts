import { compilePolicy, validateConfig } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RequestOptionsError } from '../errors/request-options-error.js';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { fastParseRequestOptions } from './fast-parse-request-options.js';
import { parseRequestOptions } from './parse-request-options.js';
import type { ParsedRequestOptions } from './request-options-schema.js';
import { zodParseRequestOptions } from './zod-parse-request-options.js';

/** `[<hole>, 'a']`: an array whose first slot is empty. */
const holed = (): unknown[] => Object.assign([], { 1: 'a' });

const config = validateConfig(testConfig(), { file: 'test' });
const policy = compilePolicy({ policy: config.policy, targets: config.targets, groups: config.groups });

/** Values of every kind, weighted towards the valid and the nearly valid. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, '', 'DE', 'US', 'SG', 'EU', 'de', 'unknown', 'self', 'ASIA'),
  fc.constantFrom('public', 'internal', 'regulated', 'secret', 'continue', 'error', 'retry', 'acme', 'gov-1'),
  fc.string({ maxLength: 4 }),
  fc.constantFrom(
    0,
    -0,
    1,
    250,
    -5,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
    Number.MAX_SAFE_INTEGER,
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(
    fc.oneof(
      fc.constantFrom('a', 'batch', '', 'DE'),
      fc.string({ maxLength: 3 }),
      fc.integer(),
      fc.constant(null),
    ),
    {
      maxLength: 4,
    },
  ),
  fc.constant(holed()),
  fc.object({ maxDepth: 1 }),
  fc.constant(new Date(0)),
);

/** Per known key, values that are valid or nearly so, so that whole inputs are often valid. */
const nearValues: Record<string, readonly unknown[]> = {
  jurisdiction: [undefined, 'DE', 'US', 'SG', 'EU', 'DE', 'US', 'de', '', 'unknown', 'self'],
  dataClass: [undefined, 'public', 'internal', 'regulated', 'internal', 'secret', ''],
  tenant: [undefined, 'acme', 'gov-1', ' ', 'acme', ''],
  tags: [
    undefined,
    [],
    ['batch'],
    ['a', 'b', 'c'],
    ['batch'],
    ['a', ''],
    ['', 'a', 'b'],
    ['a', 1],
    holed(),
    ['a', null],
  ],
  deadlineMs: [
    undefined,
    1,
    250,
    Number.MAX_SAFE_INTEGER,
    250,
    0,
    -0,
    -5,
    1.5,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    2 ** 53,
  ],
  midStream: [undefined, 'continue', 'error', 'continue', 'retry', ''],
};

/** Options objects: known keys (absent, undefined or any value), sometimes extra keys. */
const optionsObject = fc
  .tuple(
    fc.record(
      Object.fromEntries(
        Object.entries(nearValues).map(([key, values]) => [
          key,
          fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 4 }, { arbitrary: anyValue, weight: 1 }),
        ]),
      ),
      { requiredKeys: [] },
    ),
    fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 4 },
      {
        arbitrary: fc.dictionary(
          fc.constantFrom('dataClas', 'extra', 'Jurisdiction', '__proto__', 'toString'),
          anyValue,
        ),
        weight: 1,
      },
    ),
    fc.constantFrom(
      'plain',
      'plain',
      'plain',
      'plain',
      'plain',
      'null-prototype',
      'class-instance',
      'inherited-key',
    ),
  )
  .map(([known, extra, kind]) => {
    const fields = { ...known };
    if (extra)
      for (const [key, value] of Object.entries(extra))
        Object.defineProperty(fields, key, { value, enumerable: true });
    if (kind === 'null-prototype') return Object.assign(Object.create(null), fields);
    if (kind === 'class-instance') return Object.assign(new (class Options {})(), fields);
    if (kind === 'inherited-key') return Object.assign(Object.create({ tenant: 'acme' }), fields);
    return fields;
  });

/** Valid values only (and undefined), per key. */
const validValues: Record<string, readonly unknown[]> = {
  jurisdiction: [undefined, 'DE', 'US', 'EU'],
  dataClass: [undefined, 'public', 'internal'],
  tenant: [undefined, 'acme', ' '],
  tags: [undefined, [], ['batch', 'eu']],
  deadlineMs: [undefined, 1, 250],
  midStream: [undefined, 'continue', 'error'],
};

/** Options a request would give (the fast path's inputs), with `withContext`'s fields only when `callOptions` is false. */
const validOptions = (callOptions: boolean) =>
  fc.record(
    Object.fromEntries(
      Object.entries(validValues)
        .filter(([key]) => callOptions || (key !== 'deadlineMs' && key !== 'midStream'))
        .map(([key, values]) => [key, fc.constantFrom(...values)]),
    ),
    { requiredKeys: [] },
  );

const anyInput = (callOptions: boolean) =>
  fc.oneof(
    { arbitrary: optionsObject, weight: 6 },
    { arbitrary: validOptions(callOptions), weight: 2 },
    { arbitrary: anyValue, weight: 1 },
    { arbitrary: fc.array(optionsObject, { maxLength: 2 }), weight: 1 },
  );

type Outcome = { ok: ParsedRequestOptions; keys: string[] } | { issues: readonly string[] };

/** What a parser gives: the result (its context's keys in order), or the issues it throws. */
function outcome(parse: () => ParsedRequestOptions): Outcome {
  try {
    const ok = parse();
    return { ok, keys: Object.keys(ok.context) };
  } catch (error) {
    if (!RequestOptionsError.isInstance(error)) throw error;
    return { issues: error.issues };
  }
}

describe('parseRequestOptions', () => {
  it.each([true, false])('gives what the zod path gives, for every input (callOptions %s)', (callOptions) => {
    let fast = 0;
    fc.assert(
      fc.property(anyInput(callOptions), (input) => {
        const reference = outcome(() => zodParseRequestOptions(input, policy, callOptions));
        const quick = fastParseRequestOptions(input, policy, callOptions);
        if (quick !== undefined) {
          fast++;
          // The fast path only accepts what zod accepts, with the same result.
          expect(reference).toStrictEqual({ ok: quick, keys: Object.keys(quick.context) });
          // Its tags are a copy, as zod's are.
          if (quick.context.tags !== undefined)
            expect(quick.context.tags).not.toBe((input as { tags: unknown }).tags);
        }
        expect(outcome(() => parseRequestOptions(input, policy, callOptions))).toStrictEqual(reference);
      }),
      { numRuns: 3_000 },
    );
    // The fast path is taken often enough for the comparison to mean something.
    expect(fast).toBeGreaterThan(300);
  });

  it('takes the fast path for the options a request usually gives', () => {
    const input = { jurisdiction: 'DE', dataClass: 'internal', tenant: 'acme' };
    expect(fastParseRequestOptions(input, policy, true)).toStrictEqual(
      zodParseRequestOptions(input, policy, true),
    );
  });
});
