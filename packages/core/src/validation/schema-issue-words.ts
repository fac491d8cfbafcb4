import type { z } from 'zod';
import { closestDuration, durationExample } from '../time/duration-schema.js';
import type { Problem } from './problem.js';

/**
 * The words of schema messages: what a value is ("got ...") and what a
 * schema expects ("expected ..."), in the house style rather than zod's own
 * (`Too small: expected number to be >0`, `expected record`).
 */

/** A number that is not finite, as YAML writes it, or `undefined` for a finite one. */
function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return '.nan (not a number)';
  if (value === Number.POSITIVE_INFINITY) return '.inf (infinity)';
  if (value === Number.NEGATIVE_INFINITY) return '-.inf (minus infinity)';
  return undefined;
}

/** What a value is, for "got ...": `text "x"`, `number 4`, `.inf (infinity)`, `a list`, `a map`, `null`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string')
    return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return nonFinite(value) ?? `number ${String(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** What a zod type name expects, in words: `number` → `a finite number`, `record` → `a map`. */
export function kindWord(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a finite number';
    case 'int':
      return 'a whole number';
    case 'string':
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'object':
    case 'record':
    case 'map':
      return 'a map';
    case 'array':
    case 'tuple':
    case 'set':
      return 'a list';
    default:
      return expected;
  }
}

/** Whether a value is of the kind a zod type name expects (a non-finite number is a number). */
export function isKind(expected: string, value: unknown): boolean {
  switch (expected) {
    case 'number':
    case 'int':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'object':
    case 'record':
    case 'map':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
    case 'tuple':
    case 'set':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return false;
  }
}

/**
 * The problem for a value of the wrong type, or a number that is not finite
 * (`.inf`, `.nan`) where a number is expected.
 */
export function wrongType(options: { path: Problem['path']; expected: string; actual: unknown }): Problem {
  const { path, expected, actual } = options;
  if (typeof actual === 'number' && (expected === 'number' || expected === 'int')) {
    const written = nonFinite(actual);
    if (written)
      return { path, message: `not a finite number: got ${written}`, expected: kindWord(expected) };
    if (expected === 'int') {
      return {
        path,
        message: `not a whole number: got ${actual}`,
        expected: `a whole number, e.g. ${Math.round(actual)}`,
      };
    }
  }
  if (typeof actual === 'string' && (expected === 'number' || expected === 'int')) {
    // A number in quotes ("2", "0.9"): the closest valid value is the same number, unquoted.
    const number = numberInText(actual);
    if (number !== undefined)
      return {
        path,
        message: `wrong type: got ${kindOf(actual)}, a number in quotes`,
        expected: `${kindWord(expected)}, e.g. ${expected === 'int' ? Math.round(number) : number} (without quotes)`,
      };
  }
  if (actual === null && (expected === 'array' || expected === 'tuple' || expected === 'set'))
    // `key:` with nothing after it (every item commented out) is null in YAML, not an empty list.
    return {
      path,
      message: 'wrong type: got null (the key has no value)',
      expected: 'a list, e.g. [] for none',
    };
  return { path, message: `wrong type: got ${kindOf(actual)}`, expected: kindWord(expected) };
}

/** The finite number a text writes in decimal (`"2"`, `" 0.9 "`, `"1e3"`), or `undefined`. */
function numberInText(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * A value past a bound (`too_small`, `too_big`): what was found, the bound,
 * and the closest valid value where there is one.
 */
export function outOfBounds(options: {
  path: Problem['path'];
  issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig;
  actual: unknown;
  /** Whether the schema takes whole numbers only (zod reports their bounds as of a `number`). */
  whole?: boolean;
}): Problem {
  const { path, issue, actual } = options;
  const small = issue.code === 'too_small';
  const bound = Number(
    small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum,
  );
  const inclusive = issue.inclusive !== false;
  // A schema's own message says what is expected; zod's own ("Too small: ...") is replaced.
  if (!/^Too (small|big)/.test(issue.message)) {
    return {
      path,
      message: `${small ? 'too small' : 'too big'}: got ${kindOf(actual)}`,
      expected: issue.message.replace(/^expected /, ''),
    };
  }
  const relation = small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than';
  switch (issue.origin) {
    case 'string': {
      const length = typeof actual === 'string' ? actual.length : undefined;
      return {
        path,
        message: `${small ? 'too short' : 'too long'}: got ${kindOf(actual)}${length === undefined ? '' : ` (${plural(length, 'character')})`}`,
        expected:
          small && bound === 1 && inclusive
            ? 'non-empty text'
            : `text of ${relation} ${plural(bound, 'character')}`,
      };
    }
    case 'array':
    case 'set': {
      const count = Array.isArray(actual) ? actual.length : undefined;
      return {
        path,
        message: `${small ? 'too few items' : 'too many items'}: got ${count === undefined ? kindOf(actual) : plural(count, 'item')}`,
        expected:
          small && bound === 1 && inclusive
            ? 'a list of at least one item'
            : `a list of ${relation} ${plural(bound, 'item')}`,
      };
    }
    default: {
      const whole = options.whole === true || issue.origin === 'int' || issue.origin === 'bigint';
      // The closest valid value: the bound itself, or for whole numbers the next one past it.
      const closest = inclusive ? bound : whole ? bound + (small ? 1 : -1) : undefined;
      return {
        path,
        message: `${small ? 'too small' : 'too big'}: got ${kindOf(actual)}`,
        expected: `${whole ? 'a whole number, ' : ''}${relation} ${bound}${closest !== undefined && closest !== bound ? ` (the closest valid value is ${closest})` : ''}`,
      };
    }
  }
}

/** Zod's own message for a format (`Invalid string: must match pattern ...`), not one a schema gave. */
const zodFormatMessage = /^Invalid /;

/** A string of the wrong format: what was found, and what the schema expects (its own message, if it gave one). */
export function wrongFormat(options: {
  path: Problem['path'];
  issue: z.core.$ZodIssueInvalidStringFormat;
  actual: unknown;
  /** Whether the field takes a value (so a suggested duration is one it takes); default: any. */
  accepts?: (value: string) => boolean;
}): Problem {
  const { path, issue, actual, accepts } = options;
  const own = !zodFormatMessage.test(issue.message);
  const format = issue as z.core.$ZodIssueInvalidStringFormat & {
    prefix?: string;
    suffix?: string;
    includes?: string;
  };
  let expected: string;
  if (own) expected = issue.message;
  else if (format.format === 'regex' && format.pattern) expected = `text matching ${format.pattern}`;
  else if (format.format === 'starts_with' && format.prefix !== undefined)
    expected = `text starting with ${JSON.stringify(format.prefix)}`;
  else if (format.format === 'ends_with' && format.suffix !== undefined)
    expected = `text ending with ${JSON.stringify(format.suffix)}`;
  else if (format.format === 'includes' && format.includes !== undefined)
    expected = `text containing ${JSON.stringify(format.includes)}`;
  else if (format.format === 'datetime') expected = 'an instant such as 2026-06-25T00:00:00Z';
  else expected = `a valid ${format.format}`;
  // A duration in other words ("2 s", "5sec"): the closest one the schema reads.
  const duration =
    own && issue.message === durationExample && typeof actual === 'string'
      ? closestDuration(actual, accepts === undefined ? {} : { accepts })
      : undefined;
  return {
    path,
    message: `wrong format: got ${kindOf(actual)}`,
    expected,
    ...(duration ? { suggestion: duration } : {}),
  };
}
