import { type ExitCode, exitCodes } from './exit-codes.js';

/** What {@link guardStandardStreams} saw go wrong with the process's own streams. */
export interface StandardStreamsWatch {
  /** `runFailed` once standard output could not be written (a full disk), else undefined. */
  readonly failure: ExitCode | undefined;
}

/** A stream the CLI writes to: the process's stdout or stderr. */
type Writable = Pick<NodeJS.WriteStream, 'on' | 'write'>;

/** The reader went away (`switchyard ... | head`), or the stream was closed after that. */
const readerGone = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

/**
 * Keeps the process's own streams from ending the CLI with a stack trace
 * (Node throws an unhandled `error` event when a write fails):
 * - when the reader of stdout or stderr went away (`| head` took its lines),
 *   what is written after is dropped and the command runs to its end: a drill
 *   still writes its records, summary and report, and the exit code is the
 *   command's own;
 * - when standard output cannot be written otherwise (`> /dev/full`: no
 *   space left), stderr says so once and the exit code is `runFailed` (4):
 *   the results the command was asked for are lost.
 *
 * @param streams the process's streams (default `process.stdout` and `process.stderr`).
 * @param exit whose `exitCode` a failure after the command returned sets (default `process`).
 * @returns what went wrong, read when the command has finished.
 * @example
 * ```ts
 * const streams = guardStandardStreams();
 * process.exitCode = streams.failure ?? (await runCli({ argv }));
 * ```
 */
export function guardStandardStreams(
  streams: { stdout: Writable; stderr: Writable } = process,
  exit: { exitCode?: number | string | null | undefined } = process,
): StandardStreamsWatch {
  const watch: { failure: ExitCode | undefined } = { failure: undefined };
  streams.stderr.on('error', () => {
    // Nowhere left to say anything: the exit code tells.
  });
  streams.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (readerGone.has(error.code ?? '') || watch.failure !== undefined) return;
    watch.failure = exitCodes.runFailed;
    // The last write fails after the command has returned and its exit code was set.
    if (!exit.exitCode) exit.exitCode = exitCodes.runFailed;
    streams.stderr.write(
      `switchyard: cannot write to standard output (${error.message}); what the command printed is lost, the files it writes are not\n`,
    );
  });
  return watch;
}
