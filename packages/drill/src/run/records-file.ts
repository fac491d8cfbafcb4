import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BasisDocument, DecisionRecord } from '@switchyard/core';
import { makeOutputFolder } from '@switchyard/core/node';
import type { ReportAggregator } from '@switchyard/report';
import { basisPathFor } from '@switchyard/router';
import type { RealWork } from '../virtual-time/real-work.js';

/**
 * Bytes written to disk at once: about 40 records. Each record's line is
 * encoded into the chunk (a `Buffer`, outside V8's heap) as it is written,
 * so the line's string dies young: kept as strings until the chunk was
 * joined, the lines and the chunk outlived V8's young collections and were
 * promoted, about 3 KB per record for the old generation to collect.
 */
const chunkBytes = 64 * 1024;

/**
 * Chunks that may be on their way to disk while a drill on virtual time goes
 * on (about 1 MB): their writes run on libuv's threads, beside the drill. A
 * chunk past them makes the clock wait for the disk.
 */
const chunksInFlight = 16;

/**
 * A drill's `records.jsonl`, streamed: created empty before the run (so it
 * exists whenever the summary names it, even when no request was sent), one
 * JSON line per record in the order the router finished them, written in
 * chunks. On virtual time the writes run beside the drill while at most
 * {@link chunksInFlight} chunks are unwritten; past them, the chunk that
 * brings them back under is tracked as real work, so the virtual clock waits
 * for the disk and memory stays bounded however long the drill. What a drill
 * decides never depends on a write. A write error is kept and reported by {@link RecordsFile.close}:
 * records are never dropped silently.
 */
export class RecordsFile {
  readonly path: string;
  readonly #realWork: RealWork | undefined;
  /** Fed every record written: the report is built without reading the file back. */
  readonly aggregator: ReportAggregator | undefined;
  #stream: WriteStream | undefined;
  /** The chunk being filled (UTF-8) and its bytes used. */
  #chunk: Buffer | undefined;
  #used = 0;
  #written = 0;
  #error: Error | undefined;
  #pending: Promise<void> = Promise.resolve();
  /** Writes not finished yet, oldest first (they finish in order). */
  readonly #inFlight: Promise<void>[] = [];
  #basis: readonly BasisDocument[] = [];

  private constructor(
    path: string,
    realWork: RealWork | undefined,
    aggregator: ReportAggregator | undefined,
  ) {
    this.path = path;
    this.#realWork = realWork;
    this.aggregator = aggregator;
  }

  /**
   * Creates (or empties) the file.
   *
   * @param options.path the file; its folder is created.
   * @param options.realWork on virtual time: the tracker the clock waits for.
   * @param options.aggregator fed every record as it is written, in the file's order (the report's figures).
   * @throws when the file cannot be created (before the run starts).
   */
  static async create(options: {
    path: string;
    realWork?: RealWork;
    aggregator?: ReportAggregator;
  }): Promise<RecordsFile> {
    await makeOutputFolder({ folder: dirname(options.path) });
    await writeFile(options.path, '');
    const file = new RecordsFile(options.path, options.realWork, options.aggregator);
    file.#stream = createWriteStream(options.path, { flags: 'a' });
    file.#stream.on('error', (error) => {
      file.#error ??= error;
    });
    return file;
  }

  /** Records written so far (or buffered). */
  get count(): number {
    return this.#written;
  }

  /** Appends one record. */
  write(record: DecisionRecord): void {
    // The JSON and its newline are encoded one after the other: joined first, the line would be
    // copied once more (a flat string of the whole line) to be encoded.
    const json = JSON.stringify(record);
    this.#written++;
    this.aggregator?.add(record);
    const room = chunkBytes - this.#used;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only a line near the room left is measured.
    const bytes = (json.length + 1) * 3 <= room ? 0 : Buffer.byteLength(json) + 1;
    if (bytes > room) this.#flush();
    if (bytes > chunkBytes) {
      // A line larger than a chunk is a chunk of its own.
      this.#send(Buffer.from(`${json}\n`));
      return;
    }
    this.#chunk ??= Buffer.allocUnsafe(chunkBytes);
    this.#used += this.#chunk.write(json, this.#used);
    this.#chunk[this.#used++] = 0x0a;
  }

  /**
   * The basis of the records' decisions (the router's catalog, price table
   * and policies, `router.basis()`), written beside them on close
   * (`records.basis.jsonl`): what `switchyard replay` reproduces them under.
   */
  basis(documents: readonly BasisDocument[]): void {
    this.#basis = documents;
  }

  /** Where the basis documents go. */
  get basisPath(): string {
    return basisPathFor(this.path);
  }

  #flush(): void {
    const chunk = this.#chunk;
    if (chunk === undefined || this.#used === 0) return;
    const used = this.#used;
    this.#chunk = undefined;
    this.#used = 0;
    this.#send(chunk.subarray(0, used));
  }

  #send(chunk: Buffer): void {
    const stream = this.#stream;
    if (stream === undefined) return;
    const written = this.#pending.then(
      () =>
        new Promise<void>((resolve) => {
          if (this.#error !== undefined || stream.write(chunk)) return resolve();
          // A stream that fails (a full disk) never drains: its error ends the wait too.
          const done = () => {
            stream.off('drain', done);
            stream.off('error', done);
            resolve();
          };
          stream.once('drain', done);
          stream.once('error', done);
        }),
    );
    this.#pending = written;
    this.#inFlight.push(written);
    void written.then(() => this.#inFlight.shift());
    const over = this.#inFlight.length - chunksInFlight;
    if (over > 0) this.#realWork?.track(this.#inFlight[over - 1] as Promise<void>);
  }

  /**
   * Writes what is buffered and closes the file.
   *
   * @throws the first write error, with how many records it concerns.
   */
  async close(): Promise<void> {
    this.#flush();
    await this.#pending;
    const stream = this.#stream;
    this.#stream = undefined;
    // `end` calls back once the file is closed, or with the error a failed stream ended with.
    if (stream !== undefined && !stream.destroyed)
      await new Promise<void>((resolve) => stream.end(() => resolve()));
    if (this.#error === undefined && this.#basis.length > 0) {
      try {
        await writeFile(
          this.basisPath,
          this.#basis.map((document) => `${JSON.stringify(document)}\n`).join(''),
        );
      } catch (error) {
        this.#error = error as Error;
      }
    }
    if (this.#error !== undefined) {
      throw new Error(
        `${this.path}: could not write the decision records (${this.#written} record(s)): ${this.#error.message}`,
        { cause: this.#error },
      );
    }
  }
}
