import type {
  LanguageModelV4,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import { errorCodes, SwitchyardError } from '@switchyard/core';
import { type PartReader, partReader } from '@switchyard/core/adapter';
import { AttemptControl, attemptTimedOut, callAborted } from '../attempt/attempt-control.js';
import type { AttemptOutcome, AttemptStart } from '../attempt/attempt-outcome.js';
import { failedAttempt } from '../attempt/failed-attempt.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { TargetCallOptions } from '../prepare/target-call-options.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';

/**
 * Parts that carry no content: a stream may still fall back after them. The ends of blocks are among
 * them: before any content part they close empty blocks (an adapter closes the blocks it opened
 * before the error part of a stream cut there), so nothing has reached the caller yet.
 */
export const metadataParts: ReadonlySet<LanguageModelV4StreamPart['type']> = new Set<
  LanguageModelV4StreamPart['type']
>([
  'stream-start',
  'response-metadata',
  'raw',
  'ping',
  'text-start',
  'reasoning-start',
  'tool-input-start',
  'text-end',
  'reasoning-end',
  'tool-input-end',
]);

const noFirstToken = (timeoutMs: number) => `no first token within ${timeoutMs} ms`;

/** A stream opened up to its first content part. */
export interface OpenedStream {
  /** The model's result without its stream (read through `reader`): the request and response it reported. */
  readonly upstream: UpstreamFacts;
  readonly reader: PartReader;
  /** The parts read so far: metadata, then the first content part (emptied once handed on). */
  buffered: LanguageModelV4StreamPart[];
  /** The attempt's timeout and signal; the stream keeps them until it ends. */
  readonly control: AttemptControl;
  /** From the attempt's start to its first content part, ms. */
  readonly ttftMs: number;
}

const ignore = () => {};

/** What `doStream` returned besides the stream. */
export type UpstreamFacts = Omit<LanguageModelV4StreamResult, 'stream'>;

/** `result` without its stream: the opened attempt keeps its reader, not the web stream around it. */
function factsOf({ stream: _stream, ...facts }: LanguageModelV4StreamResult): UpstreamFacts {
  return facts;
}

/** Ends the pending read of a stream being opened (its timeout fired or the call was aborted). */
class OpeningReader {
  readonly #reader: PartReader;

  constructor(reader: PartReader) {
    this.#reader = reader;
  }

  interrupt(): void {
    this.#reader.cancel().catch(ignore);
  }
}

/**
 * One `doStream` attempt on one target, up to its first content part (or
 * finish), bounded by `ttftTimeoutMs`. Until then the request may still fall
 * back: an error part, a stream that ends early, a rejection or the timeout
 * are this attempt's failure, and nothing has reached the caller.
 *
 * The attempt holds one of the target's bulkhead slots from its start: an
 * opened stream hands it on with the stream, and whoever reads the stream on
 * (a stream segment, a streamed generate attempt) frees it when it ends.
 *
 * @param prompt the prompt to send instead of the request's (a continuation's).
 */
export async function openStreamAttempt(
  state: RouterState,
  request: RequestState,
  entry: PreparedTarget,
  start: AttemptStart,
  prompt?: LanguageModelV4Prompt,
): Promise<AttemptOutcome<OpenedStream>> {
  const control = new AttemptControl({
    timeouts: state.timeouts,
    call: request.signal,
    timeoutMs: entry.health.options.ttftTimeoutMs,
    describe: noFirstToken,
    subject: entry.target.id,
  });
  let opening: PromiseLike<LanguageModelV4StreamResult> | undefined;
  let reader: PartReader | undefined;
  // In flight from its start (the bulkhead counts a stream waiting for its first token); an
  // opened stream keeps the slot, and whoever reads it on frees it when it ends.
  entry.health.inFlight++;
  try {
    const callOptions = new TargetCallOptions(entry, request.callOptions, control, start.budget?.outputCap);
    if (prompt !== undefined) callOptions.prompt = prompt;
    opening = (entry.model as LanguageModelV4).doStream(callOptions);
    let result: LanguageModelV4StreamResult | undefined = await control.race(opening);
    control.raceSettled();
    const opened = partReader(result.stream);
    reader = opened;
    const upstream = factsOf(result);
    // Read through its reader from here: a provider stream's web stream is not kept while the answer streams.
    result = undefined;
    opening = undefined;
    // From here a timeout or the call's abort cancels the reader (its pending read ends): no race per read.
    control.interruptible = new OpeningReader(opened);
    control.watchCall();
    // Room for the usual opening (stream-start, text-start, first delta): `[]` would grow to 17 slots.
    const buffered = new Array<LanguageModelV4StreamPart>(4);
    let count = 0;
    for (;;) {
      const next = await opened.read();
      if (control.timedOut) throw attemptTimedOut;
      if (request.signal.reason !== undefined) throw callAborted;
      if (next.done) {
        throw new SwitchyardError({
          code: errorCodes.STREAM_TRUNCATED,
          message: 'the stream ended before any content or finish part',
        });
      }
      const part = next.value;
      if (part.type === 'error') throw part.error;
      buffered[count++] = part;
      if (!metadataParts.has(part.type)) break;
    }
    buffered.length = count;
    return { value: { upstream, reader, buffered, control, ttftMs: state.clock.now() - start.startedAt } };
  } catch (error) {
    entry.health.inFlight--;
    control.abort(error);
    control.end();
    if (reader) reader.cancel(error).catch(() => {});
    // A model that ignored its signal may still open the stream after the timeout: close it then.
    else
      opening?.then(
        (late) => late.stream.cancel(error).catch(() => {}),
        () => {},
      );
    return failedAttempt({ state, request, entry, control, error });
  }
}
