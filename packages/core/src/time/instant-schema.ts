import { z } from 'zod';

/** The form every instant takes, shown in error messages. */
export const instantExample = '2026-06-25T00:00:00Z (or with an offset: 2026-06-25T02:00:00+02:00)';

const rfc3339 = z.iso.datetime({ offset: true });
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const localDateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const shape = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * What is wrong with an instant written as text, or `undefined` when it is a
 * valid ISO 8601 / RFC 3339 date-time with an explicit offset (`Z` or
 * `±hh:mm`) naming a real calendar date and time. An instant without an
 * offset would be read in the process's local time zone, so it is refused.
 *
 * @example
 * ```ts
 * instantProblem('2026-06-25T00:00:00Z');  // undefined
 * instantProblem('2026-06-25T00:00:00');   // 'no offset: ...'
 * instantProblem('2026-02-30T00:00:00Z');  // '2026-02-30 is not a calendar date'
 * ```
 */
export function instantProblem(text: string): string | undefined {
  if (rfc3339.safeParse(text).success && !Number.isNaN(Date.parse(text))) return undefined;
  if (dateOnly.test(text) || localDateTime.test(text)) {
    return `"${text}" has no offset, so it would be read in the server's local time zone`;
  }
  const parts = shape.exec(text);
  if (parts) {
    const [, year, month, day, hour, minute, second] = parts.map(Number) as number[];
    const days = new Date(Date.UTC(year as number, month as number, 0)).getUTCDate();
    if ((month as number) < 1 || (month as number) > 12 || (day as number) < 1 || (day as number) > days) {
      return `${text.slice(0, 10)} is not a calendar date`;
    }
    if ((hour as number) > 23 || (minute as number) > 59 || (second as number) > 59) {
      return `${text.slice(11, 19)} is not a time of day`;
    }
    return `"${text}" has an impossible offset`;
  }
  return `"${text}" is not an ISO 8601 instant`;
}

/**
 * The valid instant a text that is not one most likely means: a space (or a
 * lower-case `t`) between date and time becomes `T`, a lower-case `z` `Z`, an
 * offset written `+0200` or after a space `+02:00`; `undefined` when that
 * gives no valid instant (an instant without offset is not guessed at: which
 * zone was meant is the writer's to say) or `text` is already one.
 *
 * @example
 * ```ts
 * closestInstant('2026-07-01 00:00:00+00:00'); // '2026-07-01T00:00:00+00:00'
 * closestInstant('2026-07-01 00:00:00');       // undefined
 * ```
 */
export function closestInstant(text: string): string | undefined {
  const parts =
    /^\s*(\d{4}-\d{2}-\d{2})[Tt ]+(\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*([zZ]|[+-]\d{2}:?\d{2})\s*$/.exec(text);
  if (!parts) return undefined;
  const [, date, time, zone = ''] = parts;
  const offset = /^[zZ]$/.test(zone)
    ? 'Z'
    : zone.includes(':')
      ? zone
      : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const candidate = `${date}T${time}${offset}`;
  return candidate !== text && instantProblem(candidate) === undefined ? candidate : undefined;
}

/** The problem with an instant, the form expected and the closest valid one, as one message. */
function instantMessage(text: string, problem: string): string {
  const closest = closestInstant(text);
  return `${problem}; expected an instant such as ${instantExample}${closest === undefined ? '' : `; did you mean "${closest}"?`}`;
}

/**
 * An instant in a config, policy, scenario or test file: an ISO 8601 date-time
 * with an explicit offset, on a real calendar date.
 */
export const InstantSchema = z.string().superRefine((value, context) => {
  const problem = instantProblem(value);
  if (problem)
    context.addIssue({
      code: 'custom',
      message: instantMessage(value, problem),
    });
});

/**
 * Parses an instant given as text (a command-line option, a test case) with
 * the same rules as {@link InstantSchema}.
 *
 * @returns epoch milliseconds, or the problem with the expected form.
 *
 * @example
 * ```ts
 * parseInstant('2026-06-25T00:00:00Z'); // { ok: true, epochMs: 1782345600000 }
 * ```
 */
export function parseInstant(
  text: string,
): { readonly ok: true; readonly epochMs: number } | { readonly ok: false; readonly message: string } {
  const problem = instantProblem(text);
  if (problem) return { ok: false, message: instantMessage(text, problem) };
  return { ok: true, epochMs: Date.parse(text) };
}

/**
 * An instant as the minute it starts, in UTC: `2026-06-25T00:00Z`, or with
 * seconds and milliseconds when it does not fall on a minute.
 */
export function formatInstant(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  if (iso.endsWith(':00.000Z')) return `${iso.slice(0, 16)}Z`;
  return iso;
}
