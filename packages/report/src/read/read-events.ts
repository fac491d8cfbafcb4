import { readFile } from 'node:fs/promises';
import { invalidJsonMessage } from '@switchyard/core';
import { notAFileReason, unreadableReason } from '@switchyard/core/node';
import { ReportInputError } from '../errors/report-input-error.js';

/** Something that happened during the run, marked on the report's time charts. */
export interface ReportEvent {
  /** When, epoch milliseconds (ISO 8601 strings are accepted as input). */
  readonly at: number;
  /** A short readable label, e.g. `ban openai-gpt (export control)`. */
  readonly label: string;
  /** Where it comes from, e.g. `timeline`, `policy`, `router`. */
  readonly source?: string;
}

/** An event as given by a caller or an events file: `at` is epoch ms or ISO 8601. */
export interface ReportEventInput {
  readonly at: number | string;
  readonly label: string;
  readonly source?: string;
}

/**
 * Checks and normalises events: `at` must be epoch milliseconds or an ISO
 * 8601 date, `label` a string. The result is sorted by time.
 *
 * @param options.events the events (e.g. `JSON.parse` of an events file).
 * @param options.source named in errors (a file path or `events`).
 * @throws {ReportInputError} naming the index and field at fault.
 */
export function parseEvents(options: { events: unknown; source?: string }): ReportEvent[] {
  const source = options.source ?? 'events';
  if (!Array.isArray(options.events))
    throw new ReportInputError({
      source,
      unreadable: false,
      message: `${source}: expected a JSON array of { "at": <ISO 8601 or epoch ms>, "label": <string> }`,
    });
  const events = options.events.map((event: unknown, index): ReportEvent => {
    const entry = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    const at = typeof entry.at === 'string' ? Date.parse(entry.at) : entry.at;
    if (typeof at !== 'number' || !Number.isFinite(at))
      throw new ReportInputError({
        source,
        unreadable: false,
        message: `${source}[${index}].at: expected an ISO 8601 date or epoch milliseconds, got ${JSON.stringify(entry.at)}`,
      });
    if (typeof entry.label !== 'string')
      throw new ReportInputError({
        source,
        unreadable: false,
        message: `${source}[${index}].label: expected a string, got ${JSON.stringify(entry.label)}`,
      });
    return { at, label: entry.label, ...(typeof entry.source === 'string' ? { source: entry.source } : {}) };
  });
  // Stable: events at one instant keep their order (a timeline event before what the router saw).
  return events.sort((a, b) => a.at - b.at);
}

/**
 * The start of the run events were written by, when they say it: a drill's `events.json` gives
 * each event its `offsetMs` from the drill's start beside its `at`, so the start is `at - offsetMs`.
 * A report given it shows offsets from it (`+1m30s`), the time axis of the drill's summary.
 *
 * @param options.events the events as read (e.g. `JSON.parse` of an events file).
 * @param options.source named in errors (a file path or `events`).
 * @returns epoch ms of the start, or `undefined` when no event has an `offsetMs`.
 * @throws {ReportInputError} when an `offsetMs` is not a number, or two events put the start at different instants.
 */
export function eventsOrigin(options: { events: unknown; source?: string }): number | undefined {
  const source = options.source ?? 'events';
  if (!Array.isArray(options.events)) return undefined;
  let origin: { at: number; index: number } | undefined;
  for (const [index, event] of options.events.entries()) {
    const entry = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    if (entry.offsetMs === undefined) continue;
    const at = typeof entry.at === 'string' ? Date.parse(entry.at) : entry.at;
    if (typeof entry.offsetMs !== 'number' || !Number.isFinite(entry.offsetMs) || typeof at !== 'number')
      throw new ReportInputError({
        source,
        unreadable: false,
        message: `${source}[${index}].offsetMs: expected milliseconds from the run's start (a number), got ${JSON.stringify(entry.offsetMs)}`,
      });
    const start = at - entry.offsetMs;
    if (origin === undefined) origin = { at: start, index };
    else if (Math.abs(start - origin.at) >= 1)
      throw new ReportInputError({
        source,
        unreadable: false,
        message: `${source}[${index}].offsetMs: puts the run's start at ${new Date(start).toISOString()}, ${source}[${origin.index}] at ${new Date(origin.at).toISOString()}; expected the events of one run (at - offsetMs the same for every event)`,
      });
  }
  return origin?.at;
}

/**
 * Reads an events file as JSON, without checking its events (see {@link parseEvents}, {@link eventsOrigin}).
 *
 * @throws {ReportInputError} when the file cannot be read or is not JSON.
 */
export async function readEventsJson(path: string): Promise<unknown> {
  let text: string;
  // A named pipe nothing writes to would hang the open: refused before it.
  const notAFile = await notAFileReason(path);
  if (notAFile !== undefined)
    throw new ReportInputError({ source: path, message: `cannot read events file ${path}: ${notAFile}` });
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReportInputError({
      source: path,
      message: `cannot read events file ${path}: ${unreadableReason(error)}`,
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Where and what, never the file's text: JSON.parse's own message quotes it.
    throw new ReportInputError({
      source: path,
      message: `${path}: ${invalidJsonMessage({ text, end: 'the end of the file' })}`,
    });
  }
  return value;
}

/**
 * Reads an events file: a JSON array of `{ "at": ISO 8601 or epoch ms, "label": string }`.
 *
 * @throws {ReportInputError} when the file cannot be read or is not such an array.
 */
export async function readEventsFile(path: string): Promise<ReportEvent[]> {
  return parseEvents({ events: await readEventsJson(path), source: path });
}
