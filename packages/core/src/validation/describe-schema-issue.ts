import type { z } from 'zod';
import { closestName } from './closest-name.js';
import type { Problem } from './problem.js';
import { descriptionAt, objectKeys, schemaAt } from './schema-at.js';

/** The value at `path` inside `value`, or `undefined`. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** `string`, `number`, `list`, `map`, `null`, `boolean`, ... for "got ..." messages. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const quote = (value: unknown) => JSON.stringify(value);

/**
 * Turns one zod issue into {@link Problem}s that say what is wrong, what was
 * expected and, for a misspelt key or value, the closest valid one. Unknown
 * keys become one problem per key, at that key.
 *
 * @param options.issue the zod issue.
 * @param options.schema the root schema, to list the keys allowed at the issue's path.
 * @param options.value the root value validated.
 */
export function describeSchemaIssues(options: {
  issue: z.core.$ZodIssue;
  schema: z.ZodType;
  value: unknown;
}): Problem[] {
  const { issue, schema, value } = options;
  const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
  const actual = valueAt(value, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = objectKeys(schemaAt({ schema, path, value }));
      return issue.keys.map((key) => ({
        path: [...path, key],
        message: key.startsWith('x-')
          ? `unknown key "${key}" (extension keys, x-..., are not ignored here as in docker-compose: define a YAML anchor where its value is first used instead)`
          : `unknown key "${key}"`,
        ...(allowed.length > 0 ? { expected: `one of ${allowed.join(', ')}` } : {}),
        ...suggest(key, allowed),
      }));
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return [
        {
          path,
          message: actual === undefined ? 'required' : `invalid value ${quote(actual)}`,
          expected: `one of ${issue.values.map(quote).join(', ')}`,
          ...(typeof actual === 'string' ? suggest(actual, values) : {}),
        },
      ];
    }
    case 'invalid_union': {
      const union = issue as z.core.$ZodIssueInvalidUnion & { discriminator?: string; options?: unknown[] };
      if (union.discriminator !== undefined && union.options) {
        const given = actual;
        const values = union.options.map(String);
        return [
          {
            path,
            message:
              given === undefined
                ? `required "${union.discriminator}"`
                : `unknown ${union.discriminator} ${quote(given)}`,
            expected: `one of ${union.options.map(quote).join(', ')}`,
            ...(typeof given === 'string' ? suggest(given, values) : {}),
          },
        ];
      }
      // Each form the field takes failed: say what the field is (its description), else the kinds it takes.
      return [
        {
          path,
          message: actual === undefined ? 'required' : `got ${kindOf(actual)}`,
          expected: descriptionAt({ schema, path, value }) ?? unionKinds(union.errors),
        },
      ];
    }
    case 'invalid_type':
      if (actual === undefined) return [{ path, message: 'required', expected: issue.expected }];
      // A whole document that is null: an empty file, or one of only comments, reads as null.
      if (actual === null && path.length === 0)
        return [
          {
            path,
            message: 'empty: got nothing (an empty file, only comments, or null)',
            expected: issue.expected,
          },
        ];
      return [{ path, message: `wrong type: got ${kindOf(actual)}`, expected: issue.expected }];
    default:
      return [{ path, message: issue.message.replace(/^Invalid input: /, '') }];
  }
}

/** What each option of a union expected, e.g. `number or string`, from its options' type issues. */
function unionKinds(errors: readonly (readonly z.core.$ZodIssue[])[]): string {
  const kinds = new Set<string>();
  for (const option of errors) {
    const first = option[0];
    if (first?.code === 'invalid_type') kinds.add(first.expected);
    else return 'one of the forms this field takes (see the docs)';
  }
  return [...kinds].join(' or ');
}

function suggest(input: string, candidates: readonly string[]): { suggestion?: string } {
  const suggestion = closestName(input, candidates);
  return suggestion === undefined ? {} : { suggestion };
}
