import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DurationSchema } from '../time/duration-schema.js';
import { describeSchemaIssues } from './describe-schema-issue.js';
import { problemText } from './problem.js';

/** The problems a schema's first issue on `value` becomes. */
function problemsOf(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be refused');
  return describeSchemaIssues({ issue: result.error.issues[0] as z.core.$ZodIssue, schema, value });
}

describe('describeSchemaIssues, a value no form of a union takes', () => {
  const schema = z
    .object({
      at: DurationSchema.describe('Offset from the start: "90s", "2m"'),
      later: DurationSchema.optional(),
      either: z.union([z.number(), z.boolean()]).optional(),
    })
    .strict();

  it('says a missing field is required, and what it is by its description', () => {
    expect(problemsOf(schema, {})).toEqual([
      { path: ['at'], message: 'required', expected: 'Offset from the start: "90s", "2m"' },
    ]);
  });

  it("names the kind given, and the description found through the field's wrappers", () => {
    expect(problemsOf(schema, { at: '1s', later: true })).toEqual([
      {
        path: ['later'],
        message: 'got boolean true',
        expected: 'A duration: "250ms", "30s", "5m", "1h", "7d", "5m30s", or a number of milliseconds',
      },
    ]);
  });

  it('lists the kinds the forms take when the field has no description', () => {
    expect(problemsOf(schema, { at: '1s', either: 'x' })).toEqual([
      { path: ['either'], message: 'got text "x"', expected: 'a finite number, true or false' },
    ]);
  });
});

describe('describeSchemaIssues, a map that no form of a union of maps takes', () => {
  const schema = z
    .object({
      window: z.union([
        z.object({ rolling: DurationSchema }).strict(),
        z.object({ calendar: z.enum(['hour', 'day']), timeZone: z.string().default('UTC') }).strict(),
      ]),
    })
    .strict();
  const all = (value: unknown) => {
    const result = schema.safeParse(value);
    if (result.success) throw new Error('expected the value to be refused');
    return result.error.issues.flatMap((issue) => describeSchemaIssues({ issue, schema, value }));
  };

  it('names the keys of the form the map fits by its other keys, and the closest key', () => {
    expect(all({ window: { calendar: 'day', timZone: 'Europe/Berlin' } })).toEqual([
      {
        path: ['window', 'timZone'],
        message: 'unknown key "timZone"',
        expected: 'one of calendar, timeZone',
        suggestion: 'timeZone',
      },
    ]);
  });

  it('takes the form whose key is closest to a misspelt one', () => {
    expect(all({ window: { calender: 'day' } })).toEqual([
      { path: ['window', 'calendar'], message: 'required', expected: 'one of "hour", "day"' },
      {
        path: ['window', 'calender'],
        message: 'unknown key "calender"',
        expected: 'one of calendar, timeZone',
        suggestion: 'calendar',
      },
    ]);
    expect(all({ window: { roling: '1h' } }).map((problem) => problem.suggestion)).toContain('rolling');
  });

  it('says what is wrong inside the form the map fits, not that it is a map', () => {
    expect(all({ window: { calendar: 'fortnight' } })).toEqual([
      {
        path: ['window', 'calendar'],
        message: 'invalid value "fortnight"',
        expected: 'one of "hour", "day"',
      },
    ]);
  });
});

describe('describeSchemaIssues, an unknown key', () => {
  it('says an x-... key is not ignored as docker-compose does, and where an anchor goes instead', () => {
    const schema = z.object({ name: z.string() }).strict();
    expect(problemsOf(schema, { name: 'a', 'x-defaults': {} })).toEqual([
      {
        path: ['x-defaults'],
        message:
          'unknown key "x-defaults" (extension keys, x-..., are not ignored here as in docker-compose: define a YAML anchor where its value is first used instead)',
        expected: 'one of name',
      },
    ]);
  });
});

describe('describeSchemaIssues, in house words rather than zod’s', () => {
  const messageOf = (schema: z.ZodType, value: unknown) =>
    problemsOf(schema, value).map((problem) => problemText(problem));

  it('says a number that is not finite (.inf, -.inf, .nan) is not, and what it is, as YAML writes it', () => {
    const schema = z.object({ rate: z.number().positive() });
    expect(messageOf(schema, { rate: Number.POSITIVE_INFINITY })).toEqual([
      'not a finite number: got .inf (infinity); expected a finite number',
    ]);
    expect(messageOf(schema, { rate: Number.NEGATIVE_INFINITY })).toEqual([
      'not a finite number: got -.inf (minus infinity); expected a finite number',
    ]);
    expect(messageOf(schema, { rate: Number.NaN })).toEqual([
      'not a finite number: got .nan (not a number); expected a finite number',
    ]);
  });

  it('shows a value that is not finite as such where a fixed value is expected (not as null)', () => {
    expect(
      messageOf(z.object({ status: z.literal([500, 503]) }), { status: Number.POSITIVE_INFINITY }),
    ).toEqual(['invalid value .inf (infinity); expected one of 500, 503']);
  });

  it('says a list given where one fixed value is expected is a list, not an invalid value', () => {
    expect(
      messageOf(z.object({ weights: z.enum(['open', 'closed']) }), { weights: ['open', 'closed'] }),
    ).toEqual([
      'wrong type: got a list ["open","closed"]; expected one value, not a list: one of "open", "closed"',
    ]);
  });

  it('says so for a field that takes a number or text (a duration), with what the field is', () => {
    const schema = z.object({ at: DurationSchema.describe('Offset from the start') });
    expect(messageOf(schema, { at: Number.POSITIVE_INFINITY })).toEqual([
      'not a finite number: got .inf (infinity); expected a finite number (Offset from the start)',
    ]);
  });

  it('names the bound, what was found and the closest valid value', () => {
    expect(messageOf(z.number().nonnegative(), -1)).toEqual([
      'too small: got number -1; expected at least 0',
    ]);
    expect(messageOf(z.number().positive(), 0)).toEqual(['too small: got number 0; expected more than 0']);
    expect(messageOf(z.number().int().positive(), 0)).toEqual([
      'too small: got number 0; expected a whole number, more than 0 (the closest valid value is 1)',
    ]);
    expect(messageOf(z.number().max(1), 2)).toEqual(['too big: got number 2; expected at most 1']);
    expect(messageOf(z.number().int(), 1.5)).toEqual([
      'not a whole number: got 1.5; expected a whole number, e.g. 2',
    ]);
    expect(messageOf(z.string().min(1), '')).toEqual([
      'too short: got text "" (0 characters); expected non-empty text',
    ]);
    expect(messageOf(z.string().max(3), 'abcd')).toEqual([
      'too long: got text "abcd" (4 characters); expected text of at most 3 characters',
    ]);
    expect(messageOf(z.array(z.string()).min(1), [])).toEqual([
      'too few items: got 0 items; expected a list of at least one item',
    ]);
    expect(messageOf(z.array(z.string()).max(1), ['a', 'b'])).toEqual([
      'too many items: got 2 items; expected a list of at most 1 item',
    ]);
  });

  it('keeps a bound’s own message as what is expected, after what was found', () => {
    expect(messageOf(z.number().max(5, { message: 'expected at most 5 requests' }), 9)).toEqual([
      'too big: got number 9; expected at most 5 requests',
    ]);
  });

  it('says what a format expects, in the schema’s words when it gives them', () => {
    expect(messageOf(z.string().regex(/^a/), 'b')).toEqual([
      'wrong format: got text "b"; expected text matching /^a/',
    ]);
    expect(messageOf(z.string().regex(/^a/, 'an id starting with a'), 'b')).toEqual([
      'wrong format: got text "b"; expected an id starting with a',
    ]);
    expect(messageOf(z.string().startsWith('x-'), 'b')).toEqual([
      'wrong format: got text "b"; expected text starting with "x-"',
    ]);
  });

  it('gives the closest duration for one written in other words', () => {
    const schema = z.object({ at: DurationSchema });
    expect(
      describeSchemaIssues({
        issue: schema.safeParse({ at: '5 sec' }).error?.issues[0] as z.core.$ZodIssue,
        schema,
        value: { at: '5 sec' },
      }),
    ).toEqual([
      {
        path: ['at'],
        message: 'wrong format: got text "5 sec"',
        expected: 'a duration such as "250ms", "30s", "5m", "1h", "7d" or "5m30s"',
        suggestion: '5s',
      },
    ]);
  });

  it('suggests for a negative duration a value the field takes, not 0s where it must be above 0', () => {
    const schema = z.object({
      at: DurationSchema,
      events: z.array(z.object({ duration: DurationSchema.refine((ms) => ms > 0).optional() })),
      window: z.object({ rolling: DurationSchema.refine((ms) => ms >= 60_000) }),
    });
    const value = { at: '-5s', events: [{ duration: '-5s' }], window: { rolling: '-5m' } };
    const result = schema.safeParse(value);
    const suggestions = (result.error?.issues ?? []).flatMap((issue) =>
      describeSchemaIssues({ issue, schema, value }).map((problem) => [
        problem.path.join('.'),
        problem.suggestion,
      ]),
    );
    expect(suggestions).toEqual([
      ['at', '0s'],
      ['events.0.duration', '1ms'],
      ['window.rolling', '1m'],
    ]);
  });

  it('says what was found beside a check’s own "expected ..." message', () => {
    const schema = z.object({ min: z.number(), max: z.number() }).refine((range) => range.max >= range.min, {
      message: 'expected max >= min',
      path: ['max'],
    });
    expect(messageOf(schema, { min: 5, max: 2 })).toEqual(['got number 2; expected max >= min']);
  });

  it('names a record key of the wrong form, and types in words (a map, a list, text)', () => {
    expect(messageOf(z.record(z.string().regex(/^a/), z.number()), { b: 1 })).toEqual([
      'invalid key "b": wrong format: got text "b"; expected text matching /^a/',
    ]);
    expect(messageOf(z.object({ a: z.record(z.string(), z.number()) }), { a: [] })).toEqual([
      'wrong type: got a list; expected a map',
    ]);
    expect(messageOf(z.object({ a: z.array(z.string()) }), { a: 'x' })).toEqual([
      'wrong type: got text "x"; expected a list',
    ]);
  });

  it('gives the unquoted number for a number in quotes, and [] for a list key with no value', () => {
    const schema = z.object({ rate: z.number(), total: z.number().int(), timeline: z.array(z.string()) });
    const valid = { rate: 1, total: 1, timeline: [] };
    expect(messageOf(schema, { ...valid, rate: '0.9' })).toEqual([
      'wrong type: got text "0.9", a number in quotes; expected a finite number, e.g. 0.9 (without quotes)',
    ]);
    expect(messageOf(schema, { ...valid, total: ' 20 ' })).toEqual([
      'wrong type: got text " 20 ", a number in quotes; expected a finite number, e.g. 20 (without quotes)',
    ]);
    // Text that is no decimal number keeps the plain message.
    expect(messageOf(schema, { ...valid, rate: '2/s' })).toEqual([
      'wrong type: got text "2/s"; expected a finite number',
    ]);
    // `timeline:` with every event commented out is null in YAML.
    expect(messageOf(schema, { ...valid, timeline: null })).toEqual([
      'wrong type: got null (the key has no value); expected a list, e.g. [] for none',
    ]);
  });

  it('says what is wrong with the one form of the value’s kind (a number where a number or a map is taken)', () => {
    const schema = z.object({
      tokens: z.union([z.number().int().positive(), z.object({ min: z.number() })]),
    });
    expect(messageOf(schema, { tokens: 0.5 })).toEqual([
      'not a whole number: got 0.5; expected a whole number, e.g. 1',
    ]);
    expect(messageOf(schema, { tokens: { min: 'x' } })).toEqual([
      'wrong type: got text "x"; expected a finite number',
    ]);
  });

  it('never passes on zod’s own words, whatever wrong value a field gets', () => {
    const schema = z
      .object({
        count: z.number().int().positive().max(10),
        ratio: z.number().gt(0).lte(1),
        name: z.string().min(1).max(8),
        id: z.string().regex(/^[a-z]+$/),
        list: z.array(z.string()).min(1).max(2),
        at: DurationSchema,
        map: z.record(z.string(), z.number().nonnegative()),
      })
      .strict();
    const valid = { count: 1, ratio: 0.5, name: 'a', id: 'a', list: ['a'], at: '1s', map: { a: 1 } };
    const wrong = [
      -1,
      0,
      0.5,
      11,
      2 ** 60,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '',
      'x'.repeat(9),
      'A',
      [],
      ['a', 'b', 'c'],
      {},
      true,
      null,
    ];
    for (const key of Object.keys(valid)) {
      for (const value of wrong) {
        const result = schema.safeParse({ ...valid, [key]: value });
        if (result.success) continue;
        for (const issue of result.error.issues) {
          for (const problem of describeSchemaIssues({ issue, schema, value: { ...valid, [key]: value } })) {
            expect(problemText(problem), `${key}: ${String(value)}`).not.toMatch(
              /Too (small|big)|Invalid|received|expected (int|number|string|boolean|object|array|record)\b|[<>]=?\d/,
            );
          }
        }
      }
    }
  });
});
