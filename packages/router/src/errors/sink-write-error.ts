import { errorCodes, SwitchyardError } from '@switchyard/core';

const marker = Symbol.for('switchyard.SinkWriteError');

/**
 * A sink could not write every decision record: `close()` (and `flush()`)
 * reject with it, saying how many records were not written and why (the
 * last write error is the `cause`). When a sink's own `close` failed without
 * saying how many records it lost (`closeFailed`), the message says that
 * instead of a count: `notWritten` is then 0, as far as is known.
 */
export class SinkWriteError extends SwitchyardError {
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol in isInstance
  private readonly [marker] = true;
  /** The sink, e.g. `jsonl records.jsonl`. */
  readonly sink: string;
  /** Records that were not written (still buffered, or dropped because the buffer was full). */
  readonly notWritten: number;

  /**
   * @param options.sink the sink's name (several, comma-separated).
   * @param options.notWritten records known not to have been written.
   * @param options.cause the error behind it.
   * @param options.detail a note after the count.
   * @param options.closeFailed sinks whose own `close` failed without saying how many records they lost.
   */
  constructor(options: {
    sink: string;
    notWritten: number;
    cause?: unknown;
    detail?: string;
    closeFailed?: readonly string[];
  }) {
    const cause = options.cause instanceof Error ? `: ${options.cause.message}` : '';
    const closeFailed = options.closeFailed ?? [];
    const count =
      options.notWritten > 0 || closeFailed.length === 0
        ? `${options.notWritten} decision record${options.notWritten === 1 ? ' was' : 's were'} not written${options.detail ? ` (${options.detail})` : ''}`
        : '';
    const closing =
      closeFailed.length === 0
        ? ''
        : `the close of ${closeFailed.join(', ')} failed, so the decision records given to ${closeFailed.length === 1 ? 'it' : 'them'} may not all be stored (${closeFailed.length === 1 ? 'it did' : 'they did'} not say how many were lost)`;
    super({
      code: errorCodes.SINK_WRITE_FAILED,
      name: 'SinkWriteError',
      message: `${options.sink}: ${[count, closing].filter(Boolean).join('; and ')}${cause}`,
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
