import { readFile } from 'node:fs/promises';
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
 * Reads an events file: a JSON array of `{ "at": ISO 8601 or epoch ms, "label": string }`.
 *
 * @throws {ReportInputError} when the file cannot be read or is not such an array.
 */
export async function readEventsFile(path: string): Promise<ReportEvent[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ReportInputError({
      source: path,
      message: `cannot read events file ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError({
      source: path,
      message: `${path}: invalid JSON: ${(error as Error).message}`,
      cause: error,
    });
  }
  return parseEvents({ events: value, source: path });
}
