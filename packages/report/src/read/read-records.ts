import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { type DecisionRecord, DecisionRecordSchema, invalidJsonMessage } from '@switchyard/core';
import { ReportInputError } from '../errors/report-input-error.js';
import type { BadLine } from './bad-line.js';
import { checkRecord, recordInconsistency } from './check-record.js';
import { describeRecordIssue } from './describe-record-issue.js';

/** A named stream of JSONL text (e.g. `process.stdin`). */
export interface RecordStream {
  /** Shown in bad-line reports, e.g. `stdin`. */
  readonly name: string;
  /** Chunks of UTF-8 text (Buffers or strings). */
  readonly stream: AsyncIterable<Uint8Array | string>;
}

/** A records file path, or a named stream. */
export type RecordSource = string | RecordStream;

/**
 * How records are validated. `fast` (default): a hand-written check of every
 * field the report reads (see `checkRecord`), with zod run only on records
 * that fail it, for the message. `full`: `DecisionRecordSchema` (zod) on
 * every record, which also rejects unknown keys and checks verdicts.
 */
export type RecordValidation = 'fast' | 'full';

/** Counts of a read, filled while it runs. */
export interface ReadStats {
  /** Non-blank lines read. */
  lines: number;
  /** Blank (or whitespace-only) lines skipped; `lines + blankLines` is the physical line count. */
  blankLines: number;
  /** Valid decision records. */
  records: number;
  /** Lines that were not valid records. */
  badLines: number;
  /** The first `maxBadLineSamples` bad lines, with file, line and what was wrong. */
  readonly badLineSamples: BadLine[];
}

/** Options of {@link readRecords}. */
export interface ReadRecordsOptions {
  /** Records files (JSONL) or named streams, read one after the other. */
  readonly sources: readonly RecordSource[];
  /** `fast` (default) or `full`; see {@link RecordValidation}. */
  readonly validation?: RecordValidation;
  /** Bad lines kept with their details (default 20); all are counted. */
  readonly maxBadLineSamples?: number;
  /** Called for every bad line, e.g. to print it as it is found. */
  readonly onBadLine?: (badLine: BadLine) => void;
}

/** An async iterable of decision records whose {@link ReadStats} fill as it is consumed. */
export interface RecordReader extends AsyncIterable<DecisionRecord> {
  /** Counts so far; final once iteration ends. */
  readonly stats: ReadStats;
  /** The same records in batches (one per chunk read); cheaper than one `await` per record. */
  batches(): AsyncIterable<DecisionRecord[]>;
}

/**
 * Reads decision records from JSONL files or streams, streaming: only one
 * chunk (64 KiB) and one line are held at a time, never the whole file. Each line is
 * parsed and validated; a bad line (invalid JSON or not a decision record)
 * is counted and reported with its file, line number and what was wrong,
 * and reading goes on. Blank lines are skipped.
 *
 * @param options.sources file paths or `{ name, stream }` objects.
 * @param options.validation `fast` (default) or `full` (zod on every record).
 * @param options.maxBadLineSamples bad lines kept in `stats.badLineSamples` (default 20).
 * @param options.onBadLine called for each bad line.
 * @returns an async iterable of records, with `stats` and `batches()`.
 * @throws {ReportInputError} when a file cannot be opened or read.
 * @example
 * ```ts
 * const reader = readRecords({ sources: ['records.jsonl'] });
 * for await (const record of reader) console.log(record.requestId, record.servedBy);
 * console.log(`${reader.stats.badLines} bad lines`);
 * ```
 */
export function readRecords(options: ReadRecordsOptions): RecordReader {
  const stats: ReadStats = { lines: 0, blankLines: 0, records: 0, badLines: 0, badLineSamples: [] };
  const maxSamples = options.maxBadLineSamples ?? 20;
  const full = options.validation === 'full';

  const bad = (source: string, line: number, message: string) => {
    stats.badLines += 1;
    const badLine: BadLine = { source, line, message };
    if (stats.badLineSamples.length < maxSamples) stats.badLineSamples.push(badLine);
    options.onBadLine?.(badLine);
  };

  const parseLine = (text: string, source: string, line: number, into: DecisionRecord[]) => {
    stats.lines += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Where and what, never the line's text: JSON.parse's own message quotes it, and it may hold a prompt.
      bad(source, line, invalidJsonMessage({ text }));
      return;
    }
    if (!full && checkRecord(value)) {
      stats.records += 1;
      into.push(value);
      return;
    }
    const parsed = DecisionRecordSchema.safeParse(value);
    if (!parsed.success) {
      bad(source, line, describeRecordIssue(parsed.error, value));
      return;
    }
    const inconsistency = recordInconsistency(parsed.data);
    if (inconsistency !== undefined) {
      bad(source, line, inconsistency);
      return;
    }
    stats.records += 1;
    into.push(parsed.data);
  };

  async function* batchesOf(source: RecordSource): AsyncGenerator<DecisionRecord[]> {
    const name = typeof source === 'string' ? source : source.name;
    const stream = typeof source === 'string' ? createReadStream(source) : source.stream;
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let line = 0;
    const handle = (text: string, batch: DecisionRecord[]) => {
      line += 1;
      // Blank (or whitespace-only) lines are skipped; JSON.parse ignores surrounding whitespace and \r.
      if (text.length === 0 || (text.charCodeAt(0) <= 0x20 && text.trim() === '')) {
        stats.blankLines += 1;
        return;
      }
      // A byte order mark (an editor's, or files with one joined by `cat`) is not part of the record.
      parseLine(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, name, line, batch);
    };
    try {
      for await (const chunk of stream) {
        const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
        const batch: DecisionRecord[] = [];
        let start = 0;
        let end = text.indexOf('\n', start);
        while (end !== -1) {
          handle(text.slice(start, end), batch);
          start = end + 1;
          end = text.indexOf('\n', start);
        }
        rest = text.slice(start);
        if (batch.length > 0) yield batch;
      }
    } catch (error) {
      if (typeof source === 'string' && (error as NodeJS.ErrnoException).code !== undefined)
        throw new ReportInputError({
          source: name,
          message: `cannot read records file ${name}: ${(error as Error).message}`,
          cause: error,
        });
      throw error;
    }
    rest += decoder.end();
    if (rest.length > 0) {
      const batch: DecisionRecord[] = [];
      handle(rest, batch);
      if (batch.length > 0) yield batch;
    }
  }

  async function* batches(): AsyncGenerator<DecisionRecord[]> {
    for (const source of options.sources) yield* batchesOf(source);
  }

  return {
    stats,
    batches,
    async *[Symbol.asyncIterator]() {
      for await (const batch of batches()) yield* batch;
    },
  };
}
