import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DurationSchema } from '../time/duration-schema.js';
import { describeSchemaIssues } from './describe-schema-issue.js';

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
      { path: ['either'], message: 'got text "x"', expected: 'number or boolean' },
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
