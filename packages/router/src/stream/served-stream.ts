import type { ReadableStreamReadResult, UnderlyingSource } from 'node:stream/web';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import {
  type ClassifiedFailure,
  type ErrorCode,
  errorCodes,
  SwitchyardError,
  type TokenUsage,
} from '@switchyard/core';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import { classifyAttemptError } from '../attempt/classify-attempt-error.js';
import { noteFailure } from '../attempt/note-failure.js';
import { RequestFailedError } from '../errors/request-failed-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { finishRequest } from '../record/finish-request.js';
import { pushAttempt } from '../record/push-attempt.js';
import { switchyardMetadata } from '../record/switchyard-metadata.js';
import { tokenUsage } from '../record/token-usage.js';
import type { RequestState } from '../request/request-state.js';
import type { RouterState } from '../router-state.js';
import type { OpenedStream } from './open-stream-attempt.js';

type Controller = ReadableStreamDefaultController<LanguageModelV4StreamPart>;
type FinishPart = Extract<LanguageModelV4StreamPart, { type: 'finish' }>;

const notEnded = (timeoutMs: number, targetId: string) =>
  `the stream from ${targetId} did not end within ${timeoutMs} ms`;
const handedOn: LanguageModelV4StreamPart[] = [];

/** Parts read ahead of the caller at most (the caller's reads are not waited for one by one). */
const readAhead = 16;

/**
 * The caller's side of a stream that opened: the parts read while opening,
 * then the rest of the serving model's stream, pumped in batches (one read
 * per part, no promise of our own per part). Past the first content part
 * there is no fallback: a failure becomes one `error` part (a
 * {@link RequestFailedError} with the request id and decision record) and the
 * stream ends; a stream that ends without a finish part is an error, never a
 * silent truncation. The finish part carries `providerMetadata.switchyard`,
 * the same as `doGenerate`'s. When the stream ends the serving attempt is
 * recorded, the target's health updated and the request finished.
 */
export class ServedStream implements UnderlyingSource<LanguageModelV4StreamPart> {
  readonly #state: RouterState;
  readonly #request: RequestState;
  readonly #entry: PreparedTarget;
  readonly #reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>;
  readonly #control: OpenedStream['control'];
  #buffered: LanguageModelV4StreamPart[];
  /** From the attempt's start to its first content part, ms. */
  readonly #ttftMs: number;
  readonly #retry: number;
  readonly #startedAt: number;
  #sawFinish = false;
  #usage: LanguageModelV4StreamPart | undefined;
  #settled = false;
  #pumping = false;
  /** Characters of output handed to the caller (text, reasoning, tool input): what a failed stream is billed for. */
  #delivered = 0;
  /** Wakes the pump when the caller made room. */
  #resume: (() => void) | undefined;

  constructor(
    state: RouterState,
    request: RequestState,
    entry: PreparedTarget,
    opened: OpenedStream,
    start: AttemptStart,
  ) {
    this.#state = state;
    this.#request = request;
    this.#entry = entry;
    this.#reader = opened.reader;
    this.#control = opened.control;
    this.#buffered = opened.buffered;
    this.#ttftMs = opened.ttftMs;
    this.#retry = start.retry;
    this.#startedAt = start.startedAt;
    const control = opened.control;
    control.restart(entry.health.options.attemptTimeoutMs, notEnded);
    // A timeout or the call's abort ends a pending read: the reader is cancelled and the pump sees why.
    control.interruptible = this;
    control.watchCall();
    entry.health.inFlight++;
  }

  /** A readable stream over this source. */
  static stream(source: ServedStream): ReadableStream<LanguageModelV4StreamPart> {
    return new ReadableStream<LanguageModelV4StreamPart>(source, { highWaterMark: readAhead });
  }

  start(controller: Controller): void {
    for (const part of this.#buffered) {
      if (part.type === 'finish') controller.enqueue(this.#finish(part));
      else {
        this.#delivered += deliveredCharacters(part);
        controller.enqueue(part);
      }
    }
    this.#buffered = handedOn;
  }

  /** The attempt's timeout fired or the call was aborted: end the pending read. */
  interrupt(): void {
    this.#reader.cancel().catch(() => {});
  }

  /**
   * Called by the stream whenever its queue has room: starts the pump once,
   * and wakes it when it waits for room. Synchronous: no promise per part.
   */
  pull(controller: Controller): void {
    if (!this.#pumping) {
      this.#pumping = true;
      this.#pump(controller).catch((error: unknown) => {
        this.#fail(controller, classifyAttemptError(this.#state, this.#entry, error), error);
      });
      return;
    }
    const resume = this.#resume;
    if (resume !== undefined) {
      this.#resume = undefined;
      resume();
    }
  }

  /** Reads the upstream into the queue until it ends, waiting for room when the caller is slower. */
  async #pump(controller: Controller): Promise<void> {
    const reader = this.#reader;
    for (;;) {
      if (this.#settled) return;
      let next: ReadableStreamReadResult<LanguageModelV4StreamPart>;
      try {
        next = await reader.read();
      } catch (error) {
        this.#fail(controller, classifyAttemptError(this.#state, this.#entry, error), error);
        return;
      }
      if (this.#settled) return;
      if (next.done) {
        this.#end(controller);
        return;
      }
      const part = next.value;
      if (part.type === 'error') {
        reader.cancel(part.error).catch(() => {});
        this.#fail(controller, classifyAttemptError(this.#state, this.#entry, part.error), part.error);
        return;
      }
      if (part.type === 'finish') controller.enqueue(this.#finish(part));
      else {
        this.#delivered += deliveredCharacters(part);
        controller.enqueue(part);
      }
      if ((controller.desiredSize ?? 0) <= 0) {
        await new Promise<void>((resolve) => {
          this.#resume = resolve;
        });
      }
    }
  }

  async cancel(reason: unknown): Promise<void> {
    // Settled first: the pump, whose pending read the cancel ends, then stops without a word.
    this.#settle({
      failure: { kind: 'transient', code: 'aborted', message: 'the caller cancelled the stream' },
      aborted: true,
    });
    this.#control.abort(reason);
    this.#resume?.();
    await this.#reader.cancel(reason).catch(() => {});
  }

  #finish(part: FinishPart): FinishPart {
    this.#sawFinish = true;
    this.#usage = part;
    return {
      ...part,
      providerMetadata: {
        ...part.providerMetadata,
        switchyard: switchyardMetadata(this.#request, this.#entry.target.id, { pendingAttempts: 1 }),
      },
    };
  }

  /** The upstream ended: a finish part was seen (served), or not (truncated), or it was interrupted. */
  #end(controller: Controller): void {
    const control = this.#control;
    if (control.timedOut) {
      const message = control.timeoutMessage;
      this.#fail(controller, { kind: 'timeout', message }, new DOMException(message, 'TimeoutError'));
      return;
    }
    if (this.#request.signal.reason !== undefined) {
      const failure: ClassifiedFailure = {
        kind: 'transient',
        code: 'aborted',
        message: 'the caller aborted the call',
      };
      this.#fail(controller, failure, this.#request.signal.signal?.reason, true);
      return;
    }
    if (this.#sawFinish) {
      this.#settle({});
      controller.close();
      return;
    }
    const error = new SwitchyardError({
      code: errorCodes.STREAM_TRUNCATED,
      message: `the stream from ${this.#entry.target.id} ended without a finish part`,
    });
    this.#fail(
      controller,
      { kind: 'transient', code: errorCodes.STREAM_TRUNCATED, message: error.message },
      error,
    );
  }

  #fail(controller: Controller, failure: ClassifiedFailure, cause: unknown, aborted = false): void {
    if (this.#settled) return;
    this.#control.abort(cause);
    const code: ErrorCode =
      failure.code === errorCodes.STREAM_TRUNCATED
        ? errorCodes.STREAM_TRUNCATED
        : aborted
          ? errorCodes.ABORTED
          : errorCodes.PROVIDER_ERROR;
    const message = `${this.#entry.target.id} failed after the first token: ${failure.message}`;
    const record = this.#settle({ failure, aborted, error: { code, message } });
    const error = new RequestFailedError({
      code,
      route: this.#request.route.name,
      message,
      record: record as NonNullable<typeof record>,
      cause,
    });
    try {
      controller.enqueue({ type: 'error', error });
      controller.close();
    } catch {
      // The caller cancelled meanwhile: nobody reads this stream any more; the record has it all.
    }
  }

  /** Records the serving attempt and finishes the request, once. */
  #settle(outcome: {
    failure?: ClassifiedFailure;
    aborted?: boolean;
    error?: { code: string; message: string };
  }) {
    if (this.#settled) return undefined;
    this.#settled = true;
    const state = this.#state;
    const request = this.#request;
    const entry = this.#entry;
    const startedAt = this.#startedAt;
    this.#control.end();
    entry.health.inFlight--;
    request.signal.dispose();
    const now = state.clock.now();
    const usagePart = this.#usage;
    pushAttempt(
      state,
      request,
      entry,
      attemptRecord({
        entry,
        requestStartedAt: request.startedAt,
        startedAt,
        now,
        retry: this.#retry,
        ttftMs: this.#ttftMs,
        usage:
          usagePart?.type === 'finish'
            ? tokenUsage(usagePart.usage)
            : outcome.failure && this.#delivered > 0
              ? deliveredUsage(request.needs.promptTokens, this.#delivered)
              : undefined,
        failure: outcome.failure,
        aborted: outcome.aborted,
      }),
      startedAt,
    );
    const ttftMs = startedAt - request.startedAt + this.#ttftMs;
    if (outcome.failure) {
      request.noteFailedTarget(entry.target.id);
      noteFailure({ state, entry, context: request.context, failure: outcome.failure, now });
      return finishRequest(state, request, {
        servedBy: null,
        ttftMs,
        error: outcome.error ?? { code: errorCodes.ABORTED, message: outcome.failure.message },
        force: outcome.error !== undefined,
      });
    }
    entry.health.succeeded(request.context.jurisdiction, now - startedAt, this.#ttftMs, startedAt);
    return finishRequest(state, request, { servedBy: entry.target.id, ttftMs });
  }
}

/** Characters of output a stream part hands to the caller (text, reasoning, tool input). */
function deliveredCharacters(part: LanguageModelV4StreamPart): number {
  return part.type === 'text-delta' || part.type === 'reasoning-delta' || part.type === 'tool-input-delta'
    ? part.delta.length
    : 0;
}

/**
 * What a stream that failed after content was billed for, with no usage from
 * the provider: the prompt and the tokens delivered (about 4 characters a
 * token), so it counts as wasted spend rather than $0.
 */
function deliveredUsage(promptTokens: number, characters: number): TokenUsage {
  return {
    inputTokens: promptTokens,
    outputTokens: Math.ceil(characters / 4),
    cachedInputTokens: 0,
    reasoningTokens: 0,
  };
}
