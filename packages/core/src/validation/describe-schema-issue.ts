import { z } from 'zod';
import { signalOfStatus } from '../failure/signal-of-status.js';
import { closestName } from './closest-name.js';
import type { Problem } from './problem.js';
import { descriptionAt, fittestObjectOption, objectKeys, schemaAt, unionOptionsAt } from './schema-at.js';
import { isKind, kindOf, kindWord, outOfBounds, wrongFormat, wrongType } from './schema-issue-words.js';

/** The value at `path` inside `value`, or `undefined`. */
export function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** A value as written in a message: JSON, but `.inf`, `.nan` for numbers that are not finite (JSON writes `null`). */
const quote = (value: unknown) =>
  typeof value === 'number' && !Number.isFinite(value) ? kindOf(value) : JSON.stringify(value);

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
          message:
            actual === undefined
              ? 'required'
              : Array.isArray(actual)
                ? `wrong type: got a list ${quote(actual)}`
                : `invalid value ${quote(actual)}`,
          expected: `${Array.isArray(actual) ? 'one value, not a list: ' : ''}one of ${issue.values.map(quote).join(', ')}`,
          ...suggestValue(actual, values),
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
      const description = descriptionAt({ schema, path, value });
      // The one form of the value's kind (a number given where a number or a map
      // is taken): what is wrong with it, as that form says it.
      const matching =
        actual === undefined ? [] : union.errors.filter((errors) => !wrongKind(errors, actual));
      // A map where several forms take a map: the form it fits best, by its keys
      // (`{ calender: day }`: the calendar form, and `did you mean "calendar"?`).
      const fittest = matching.length > 1 ? fittestForm({ union, schema, path, value, actual }) : undefined;
      const chosen = fittest ?? (matching.length === 1 ? matching[0] : undefined);
      if (chosen) {
        return chosen.flatMap((inner) =>
          describeSchemaIssues({
            issue: { ...inner, path: [...issue.path, ...inner.path] },
            schema,
            value,
          }).map((problem) =>
            description !== undefined && problem.path.length === path.length && problem.expected !== undefined
              ? { ...problem, expected: `${problem.expected} (${description})` }
              : problem,
          ),
        );
      }
      // Each form the field takes failed: say what the field is (its description), else the kinds it takes.
      return [
        {
          path,
          message: actual === undefined ? 'required' : `got ${kindOf(actual)}`,
          expected: description ?? unionKinds(union.errors),
        },
      ];
    }
    case 'invalid_type':
      if (actual === undefined) return [{ path, message: 'required', expected: kindWord(issue.expected) }];
      // A whole document that is null: an empty file, or one of only comments, reads as null.
      if (actual === null && path.length === 0)
        return [
          {
            path,
            message: 'empty: got nothing (an empty file, only comments, or null)',
            expected: kindWord(issue.expected),
          },
        ];
      return [wrongType({ path, expected: issue.expected, actual })];
    case 'too_small':
    case 'too_big':
      return [outOfBounds({ path, issue, actual, whole: isWhole(schemaAt({ schema, path, value })) })];
    case 'invalid_format':
      return [
        wrongFormat({
          path,
          issue,
          actual,
          accepts: (written) => acceptsAt({ schema, value, path, written }),
        }),
      ];
    case 'not_multiple_of':
      return [
        {
          path,
          message: `not a multiple of ${issue.divisor}: got ${kindOf(actual)}`,
          expected: `a multiple of ${issue.divisor}`,
        },
      ];
    case 'invalid_key':
    case 'invalid_element': {
      const inner = issue.issues[0];
      const key = path[path.length - 1];
      if (!inner) return [{ path, message: `invalid ${issue.code === 'invalid_key' ? 'key' : 'item'}` }];
      const [problem] = describeSchemaIssues({
        issue: { ...inner, path: [] },
        schema: z.unknown(),
        value: issue.code === 'invalid_key' ? key : actual,
      });
      return [
        {
          path,
          message: `invalid ${issue.code === 'invalid_key' ? `key ${quote(key)}` : 'item'}: ${problem?.message ?? inner.message}`,
          ...(problem?.expected !== undefined ? { expected: problem.expected } : {}),
        },
      ];
    }
    case 'custom':
      // A schema's own message: when it says only what is expected, say what was found too.
      if (
        issue.message.startsWith('expected ') &&
        !issue.message.includes('got ') &&
        actual !== undefined &&
        (actual === null || typeof actual !== 'object')
      )
        return [
          { path, message: `got ${kindOf(actual)}`, expected: issue.message.slice('expected '.length) },
        ];
      return [{ path, message: issue.message }];
    default:
      return [{ path, message: (issue as { message: string }).message.replace(/^Invalid input: /, '') }];
  }
}

/** The issues of the union form that a map fits best ({@link fittestObjectOption}), when the union's forms can be found. */
function fittestForm(options: {
  union: z.core.$ZodIssueInvalidUnion;
  schema: z.ZodType;
  path: readonly (string | number)[];
  value: unknown;
  actual: unknown;
}): readonly z.core.$ZodIssue[] | undefined {
  const { union, actual } = options;
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return undefined;
  const forms = unionOptionsAt(options);
  if (!forms || forms.length !== union.errors.length) return undefined;
  const index = fittestObjectOption(forms, actual);
  return index === undefined ? undefined : union.errors[index];
}

/**
 * Whether the field at `path` takes `written`: the whole value, with `written` in its place, has no
 * problem at that path (a duration of `0s` where the field must be above 0 has one).
 */
function acceptsAt(options: {
  schema: z.ZodType;
  value: unknown;
  path: readonly (string | number)[];
  written: unknown;
}): boolean {
  const { schema, value, path, written } = options;
  const replaced = withValueAt(value, path, written);
  const result = schema.safeParse(replaced);
  return (
    result.success ||
    !result.error.issues.some(
      (issue) => issue.path.length === path.length && issue.path.every((key, index) => key === path[index]),
    )
  );
}

/** A copy of `value` with `written` at `path`, copying only the maps and lists along the path. */
function withValueAt(value: unknown, path: readonly (string | number)[], written: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return written;
  if (value === null || typeof value !== 'object') return value;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<PropertyKey, unknown>;
  copy[key] = withValueAt(copy[key], rest, written);
  return copy;
}

/** Whether a schema takes whole numbers only (`z.number().int()`). */
function isWhole(schema: z.ZodType | undefined): boolean {
  return (schema as { isInt?: unknown } | undefined)?.isInt === true;
}

/** Whether a form of a union failed only because the value is of another kind (a text where it takes a map). */
function wrongKind(errors: readonly z.core.$ZodIssue[], actual: unknown): boolean {
  const [first] = errors;
  return (
    errors.length === 1 &&
    first !== undefined &&
    first.path.length === 0 &&
    ((first.code === 'invalid_type' && !isKind(first.expected, actual)) ||
      (first.code === 'invalid_value' &&
        !first.values.some((candidate) => typeof candidate === typeof actual)) ||
      (first.code === 'invalid_union' && first.errors.every((inner) => wrongKind(inner, actual))))
  );
}

/** What each option of a union expected, e.g. `a finite number or text`, from its options' type issues. */
function unionKinds(errors: readonly (readonly z.core.$ZodIssue[])[]): string {
  const kinds = new Set<string>();
  for (const option of errors) {
    const first = option[0];
    if (first?.code === 'invalid_type') kinds.add(kindWord(first.expected));
    else return 'one of the forms this field takes (see the docs)';
  }
  // One list of words: `a finite number, true or false`, not `a finite number or true or false`.
  const words = [...kinds].flatMap((kind) => kind.split(' or '));
  return words.length === 1 ? (words[0] as string) : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/**
 * The closest valid value to one written in a field of fixed values: a signal written as the
 * HTTP status or reason phrase the product classifies as it (`451` → `legal_block`), else the
 * closest name to a text.
 */
function suggestValue(actual: unknown, candidates: readonly string[]): { suggestion?: string } {
  const signal = signalOfStatus(actual, candidates);
  if (signal !== undefined) return { suggestion: signal };
  return typeof actual === 'string' ? suggest(actual, candidates) : {};
}

function suggest(input: string, candidates: readonly string[]): { suggestion?: string } {
  const suggestion = closestName(input, candidates);
  return suggestion === undefined ? {} : { suggestion };
}
