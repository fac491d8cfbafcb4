import { appendFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { makeOutputFolder } from '@switchyard/core/node';
import { segmentPath } from './segment-path.js';

/**
 * Appends lines to a records file, rotating to the next segment
 * (`segmentPath`) before a line would take the current one past
 * `maxFileBytes` (a single longer line gets a segment of its own). Created
 * lazily: the folder is made and, with rotation, the last existing segment
 * found (and its size read) at the first append, so a restarted process
 * continues where the last one stopped.
 */
export class SegmentWriter {
  readonly #path: string;
  readonly #maxFileBytes: number | undefined;
  #ready = false;
  #index = 0;
  #size = 0;

  constructor(path: string, maxFileBytes: number | undefined) {
    this.#path = path;
    this.#maxFileBytes = maxFileBytes;
  }

  /** The file being appended to now. */
  get current(): string {
    return segmentPath(this.#path, this.#index);
  }

  async #prepare(): Promise<void> {
    await makeOutputFolder({ folder: dirname(this.#path) });
    if (this.#maxFileBytes !== undefined) {
      while (await exists(segmentPath(this.#path, this.#index + 1))) this.#index++;
      this.#size = (await exists(this.current)) ? (await stat(this.current)).size : 0;
    }
    this.#ready = true;
  }

  /**
   * Appends `lines` in order. `onWritten` is told after each file write how
   * many more lines are on disk, so a failure part-way loses track of none.
   *
   * @throws the file system's error; lines before it were written (and told).
   */
  async append(lines: readonly string[], onWritten: (count: number) => void): Promise<void> {
    if (!this.#ready) await this.#prepare();
    const max = this.#maxFileBytes;
    if (max === undefined) {
      await appendFile(this.#path, lines.join(''));
      onWritten(lines.length);
      return;
    }
    let start = 0;
    let bytes = 0;
    for (let index = 0; index <= lines.length; index++) {
      const line = lines[index];
      const lineBytes = line === undefined ? 0 : Buffer.byteLength(line);
      const full = line !== undefined && this.#size + bytes > 0 && this.#size + bytes + lineBytes > max;
      if (line === undefined || full) {
        if (index > start) {
          await appendFile(this.current, lines.slice(start, index).join(''));
          this.#size += bytes;
          onWritten(index - start);
        }
        if (line === undefined) return;
        this.#index++;
        this.#size = 0;
        start = index;
        bytes = 0;
      }
      bytes += lineBytes;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
