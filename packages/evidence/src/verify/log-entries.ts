import type { ChainLink } from '@switchyard/core';
import { chainLinkOf } from '../chain/chain-link-of.js';
import { canonicalLineHash } from '../chain/line-hash.js';
import { readLines } from '../chain/read-lines.js';
import { leafHash } from '../chain/tree-hash.js';

/** One line of a records log, as the verifier sees it. */
export class LogEntry {
  #canonical: string | null | undefined;

  constructor(
    readonly file: string,
    readonly line: number,
    /** The line's bytes (a view into the chunk read). */
    readonly bytes: Buffer,
    /** The link the line claims; undefined when it is not a chained record. */
    readonly link: ChainLink | undefined,
    /** Leaf hash (base64url) of the bytes as they are. */
    readonly hash: string,
  ) {}

  /** Leaf hash (base64url) of the line's canonical JSON (differs from `hash` only for a re-serialized line); null when not JSON. */
  get canonical(): string | null {
    if (this.#canonical === undefined) this.#canonical = canonicalLineHash(this.bytes) ?? null;
    return this.#canonical;
  }

  /** Whether `value` is this line's hash, as written or after re-serialization. */
  hashes(value: string | undefined): boolean {
    return value !== undefined && (value === this.hash || value === this.canonical);
  }

  /** Whether the line is a JSON object (a merged or cut line is not). */
  get isJson(): boolean {
    return this.canonical !== null;
  }
}

/**
 * The lines of a records log across its files, in order, with one-line
 * look-ahead for the verifier.
 */
export class LogEntries {
  readonly #files: readonly string[];
  #batches: AsyncGenerator<{ file: string; lines: LogEntry[] }> | undefined;
  #buffer: LogEntry[] = [];
  #index = 0;
  /** Bytes read so far (lines and their newlines). */
  bytes = 0;
  /** Where the last line was: the file and its line number. */
  end: { file: string; line: number };

  constructor(files: readonly string[]) {
    this.#files = files;
    this.end = { file: files.at(-1) ?? '', line: 0 };
  }

  async *#read(): AsyncGenerator<{ file: string; lines: LogEntry[] }> {
    for (const file of this.#files) {
      for await (const batch of readLines({ path: file })) {
        const lines: LogEntry[] = [];
        for (const { bytes, line } of batch.lines) {
          this.bytes += bytes.length + 1;
          lines.push(new LogEntry(file, line, bytes, chainLinkOf(bytes), leafHash(bytes)));
          this.end = { file, line };
        }
        yield { file, lines };
      }
    }
  }

  async #fill(): Promise<boolean> {
    this.#batches ??= this.#read();
    while (this.#index >= this.#buffer.length) {
      const next = await this.#batches.next();
      if (next.done) return false;
      this.#buffer = next.value.lines;
      this.#index = 0;
    }
    return true;
  }

  /** The next line, or undefined at the end. */
  async next(): Promise<LogEntry | undefined> {
    if (!(await this.#fill())) return undefined;
    return this.#buffer[this.#index++];
  }

  /** The line `next()` would return, without taking it. */
  async peek(): Promise<LogEntry | undefined> {
    if (!(await this.#fill())) return undefined;
    return this.#buffer[this.#index];
  }
}
