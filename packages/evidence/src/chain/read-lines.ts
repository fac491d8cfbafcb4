import { createReadStream } from 'node:fs';

/** One line of a file, as bytes (a view: copy it to keep it past the batch). */
export interface FileLine {
  /** The line's bytes, without the newline (a trailing `\r` is kept). */
  readonly bytes: Buffer;
  /** 1-based line number in the file. */
  readonly line: number;
}

/**
 * Reads a file's lines as bytes, in batches (one per chunk read), holding
 * only a chunk and a partial line at a time. Blank lines are skipped (their
 * numbers still count). A last line without a newline is yielded too, marked
 * by `partialLast`.
 *
 * @param options.path the file.
 * @param options.chunkBytes bytes per read (default 1 MiB).
 * @param options.start first byte (a line start), for one range of a file.
 * @param options.end byte to stop before.
 */
export async function* readLines(options: {
  path: string;
  chunkBytes?: number;
  /** First byte to read (a line start; default 0): line numbers then count from there. */
  start?: number;
  /** Byte to stop before (default: the end of the file). */
  end?: number;
}): AsyncGenerator<{ lines: FileLine[]; partialLast: boolean }> {
  const stream = createReadStream(options.path, {
    highWaterMark: options.chunkBytes ?? 1024 * 1024,
    ...(options.start === undefined ? {} : { start: options.start }),
    ...(options.end === undefined ? {} : { end: options.end - 1 }),
  });
  let rest: Buffer | undefined;
  let line = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const data = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    const lines: FileLine[] = [];
    let start = 0;
    let end = data.indexOf(0x0a, start);
    while (end !== -1) {
      line++;
      if (end > start) lines.push({ bytes: data.subarray(start, end), line });
      start = end + 1;
      end = data.indexOf(0x0a, start);
    }
    rest = start < data.length ? data.subarray(start) : undefined;
    if (lines.length > 0) yield { lines, partialLast: false };
  }
  if (rest !== undefined && rest.length > 0) {
    line++;
    yield { lines: [{ bytes: rest, line }], partialLast: true };
  }
}
