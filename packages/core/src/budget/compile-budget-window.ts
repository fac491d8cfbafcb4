import { Temporal } from 'temporal-polyfill';
import type { BudgetWindow } from './budget-schema.js';

/** Slices of a rolling window: spend leaves it at most one slice late. */
export const rollingSlices = 60;

/**
 * A budget window, compiled: which slice (bucket) a charge made at an instant
 * falls in, and which buckets still count at an instant. A charge stays in the
 * bucket of its reservation, so an attempt that starts in one period and ends
 * in the next counts against the first (whose limit admitted it).
 */
export interface CompiledBudgetWindow {
  /** `rolling` or `calendar`. */
  readonly kind: 'rolling' | 'calendar';
  /** The start (epoch ms) of the bucket an instant falls in. */
  bucketOf(at: number): number;
  /** The start (epoch ms) of the oldest bucket still counted at `at` (calendar: the current period's). */
  firstCounted(at: number): number;
  /** When the spend of the bucket `at` falls in stops counting (epoch ms): the period's end, or the slice's end plus the rolling length. */
  releasedAt(at: number): number;
  /** Until when a threshold alert raised at `at` holds (epoch ms): the period's end, or one rolling length. */
  alertUntil(at: number): number;
}

/**
 * Compiles a window. Calendar periods are computed in their IANA time zone
 * with the Temporal API (`temporal-polyfill`: daylight-saving changes, days
 * that start at 01:00, months of any length); the current period is cached,
 * so the request path computes nothing until it ends. Weeks start on Monday
 * (ISO 8601).
 *
 * @param window the validated window.
 * @returns the compiled window.
 * @throws {RangeError} when the time zone is not an IANA time zone (the config validator reports it first).
 *
 * @example
 * ```ts
 * const day = compileBudgetWindow({ calendar: 'day', timeZone: 'Europe/Berlin' });
 * day.bucketOf(Date.parse('2026-03-29T12:00:00Z')); // Date.parse('2026-03-28T23:00:00Z')
 * ```
 */
export function compileBudgetWindow(window: BudgetWindow): CompiledBudgetWindow {
  if ('rolling' in window) return rollingWindow(window.rolling);
  return calendarWindow(window.calendar, window.timeZone);
}

function rollingWindow(lengthMs: number): CompiledBudgetWindow {
  const slice = Math.ceil(lengthMs / rollingSlices);
  return {
    kind: 'rolling',
    bucketOf: (at) => Math.floor(at / slice) * slice,
    firstCounted: (at) => Math.floor((at - lengthMs) / slice) * slice,
    releasedAt: (at) => Math.floor(at / slice) * slice + slice + lengthMs,
    alertUntil: (at) => at + lengthMs,
  };
}

function calendarWindow(period: 'hour' | 'day' | 'week' | 'month', timeZone: string): CompiledBudgetWindow {
  // Throws a RangeError for an unknown zone now, not on the request path.
  Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(timeZone);
  let start = 0;
  let end = -1;
  const periodOf = (at: number): number => {
    if (at >= start && at < end) return start;
    const zoned = Temporal.Instant.fromEpochMilliseconds(at).toZonedDateTimeISO(timeZone);
    let first: Temporal.ZonedDateTime;
    let next: Temporal.ZonedDateTime;
    if (period === 'hour') {
      first = zoned.round({ smallestUnit: 'hour', roundingMode: 'floor' });
      next = first.add({ hours: 1 });
    } else if (period === 'day') {
      first = zoned.startOfDay();
      next = first.add({ days: 1 }).startOfDay();
    } else if (period === 'week') {
      first = zoned.subtract({ days: zoned.dayOfWeek - 1 }).startOfDay();
      next = first.add({ weeks: 1 }).startOfDay();
    } else {
      first = zoned.with({ day: 1 }).startOfDay();
      next = first.add({ months: 1 }).startOfDay();
    }
    start = first.epochMilliseconds;
    end = next.epochMilliseconds;
    return start;
  };
  const endOf = (at: number): number => {
    periodOf(at);
    return end;
  };
  return {
    kind: 'calendar',
    bucketOf: periodOf,
    firstCounted: periodOf,
    releasedAt: endOf,
    alertUntil: endOf,
  };
}
