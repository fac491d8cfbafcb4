import type { ReadableStreamReadResult, UnderlyingSource } from 'node:stream/web';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import {
  type ClassifiedFailure,
  type ErrorCode,
  errorCodes,
  inputTokenBound,
  SwitchyardError,
  type TokenUsage,
} from '@switchyard/core';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import { classifyAttemptError } from '../attempt/classify-attempt-error.js';
import { noteFailure } from '../attempt/note-failure.js';
import type { AttemptBudget } from '../budget/attempt-budget.js';
import { RequestFailedError } from '../errors/request-failed-error.js';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { attemptRecord } from '../record/attempt-record.js';
import { finishRequest } from '../record/finish-request.js';
import { pushAttempt } from '../record/push-attempt.js';
import { switchyardMetadata } from '../record/switchyard-metadata.js';
import { tokenUsage, usageUnknown } from '../record/token-usage.js';
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
  readonly #budget: AttemptBudget | undefined;
  #sawFinish = false;
  #usage: LanguageModelV4StreamPart | undefined;
  #settled = false;
  #pumping = false;
  /** UTF-8 bytes of output handed to the caller (text, reasoning, tool input): the bound a cut stream is charged. */
  #delivered = 0;
  /** Tool calls whose input was streamed as deltas (already counted). */
  #streamedToolInputs: Set<string> | undefined;
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
    this.#budget = start.budget;
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
        this.#delivered += this.#deliveredBytes(part);
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
        this.#delivered += this.#deliveredBytes(part);
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
    const finish = this.#usage?.type === 'finish' ? this.#usage : undefined;
    // A stream cut before its finish part has no usage from the provider: it is charged its bound
    // (the prompt's, and the bytes it delivered, up to its output cap), never $0.
    const cut = finish === undefined && outcome.failure !== undefined && this.#delivered > 0;
    const usage = finish ? tokenUsage(finish.usage) : cut ? this.#deliveredUsage() : undefined;
    const budget = this.#budget?.settle({
      usage,
      sent: true,
      unknownUsage: finish !== undefined && usageUnknown(finish.usage),
      now,
    });
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
        usage,
        usageEstimated: cut,
        budget,
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

  /**
   * UTF-8 bytes of output a part hands to the caller: text, reasoning and
   * tool-input deltas, and a whole tool call whose input was not streamed.
   */
  #deliveredBytes(part: LanguageModelV4StreamPart): number {
    switch (part.type) {
      case 'text-delta':
      case 'reasoning-delta':
        return Buffer.byteLength(part.delta, 'utf8');
      case 'tool-input-delta':
        this.#streamedToolInputs ??= new Set();
        this.#streamedToolInputs.add(part.id);
        return Buffer.byteLength(part.delta, 'utf8');
      case 'tool-call':
        return this.#streamedToolInputs?.has(part.toolCallId) ? 0 : Buffer.byteLength(part.input, 'utf8');
      default:
        return 0;
    }
  }

  /**
   * The bound of what a cut stream was billed: the prompt's input bound
   * (`inputTokenBound`, at most the context window) and, as output, the UTF-8
   * bytes it delivered (no token covers less than a byte), at most its output
   * cap. At least the tokens delivered, never more than was reserved.
   */
  #deliveredUsage(): TokenUsage {
    const request = this.#request;
    const target = this.#entry.target;
    const budget = this.#budget;
    request.inputTokens ??= inputTokenBound(request.callOptions);
    const cap =
      budget?.outputCap ??
      request.callOptions.maxOutputTokens ??
      target.maxOutputTokens ??
      Number.POSITIVE_INFINITY;
    return {
      inputTokens: budget?.inputTokens ?? Math.min(request.inputTokens, target.contextWindow),
      outputTokens: Math.min(this.#delivered, cap),
      cachedInputTokens: 0,
      reasoningTokens: 0,
    };
  }
}
