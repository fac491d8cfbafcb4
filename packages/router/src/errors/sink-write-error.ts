import { errorCodes, SwitchyardError } from '@switchyard/core';

const marker = Symbol.for('switchyard.SinkWriteError');

/**
 * A sink could not write every decision record: `close()` (and `flush()`)
 * reject with it, saying how many records were not written and why (the
 * last write error is the `cause`).
 */
export class SinkWriteError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The sink, e.g. `jsonl records.jsonl`. */
  readonly sink: string;
  /** Records that were not written (still buffered, or dropped because the buffer was full). */
  readonly notWritten: number;

  constructor(options: { sink: string; notWritten: number; cause?: unknown; detail?: string }) {
    const cause = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    super({
      code: errorCodes.SINK_WRITE_FAILED,
      name: 'SinkWriteError',
      message: `${options.sink}: ${options.notWritten} decision record${options.notWritten === 1 ? ' was' : 's were'} not written${options.detail ? ` (${options.detail})` : ''}${cause}`,
      cause: options.cause,
    });
    this.sink = options.sink;
    this.notWritten = options.notWritten;
  }

  /** Whether `error` is a SinkWriteError (of any copy of this package). */
  static override isInstance(error: unknown): error is SinkWriteError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}
