import type { CallSignal } from './call-signal.js';
import type { LazyTimeouts, TimeoutEntry } from './lazy-timeouts.js';

/** Thrown by {@link AttemptControl.race} when the attempt's own timeout fired. */
export const attemptTimedOut: unique symbol = Symbol('switchyard.attemptTimedOut');
/** Thrown by {@link AttemptControl.race} when the call as a whole was aborted (caller, deadline). */
export const callAborted: unique symbol = Symbol('switchyard.callAborted');

/**
 * The timeout and abort signal of one attempt, paid for only when used: the
 * timeout is armed lazily ({@link LazyTimeouts}), and the `AbortController`
 * is created only when the model reads `abortSignal` (or the call can be
 * aborted as a whole). {@link race} settles with the model's answer, or
 * rejects as soon as the timeout fires or the call is aborted, even when the
 * model ignores its signal.
 */
export class AttemptControl implements TimeoutEntry {
  timeoutMs: number;
  timeoutNext: TimeoutEntry | undefined = undefined;
  timeoutPrevious: TimeoutEntry | undefined = undefined;
  timeoutList: object | undefined = undefined;
  timeoutStartedAt = 0;
  /** Whether the attempt's own timeout fired. */
  timedOut = false;
  readonly #timeouts: LazyTimeouts;
  readonly #call: CallSignal;
  #describe: (timeoutMs: number, subject: string) => string;
  readonly #subject: string;
  #controller: AbortController | undefined;
  #reject: ((reason: unknown) => void) | undefined;
  #listening = false;
  /** Told when the timeout fires or the call is aborted (a served stream cancels its reader). */
  interruptible: { interrupt(): void } | undefined = undefined;

  /**
   * @param options.describe says what did not happen in time, from the timeout and `subject` (built only when it fires).
   * @param options.subject what the message is about (the target id).
   */
  constructor(options: {
    timeouts: LazyTimeouts;
    call: CallSignal;
    timeoutMs: number;
    describe: (timeoutMs: number, subject: string) => string;
    subject: string;
  }) {
    this.#timeouts = options.timeouts;
    this.#call = options.call;
    this.timeoutMs = options.timeoutMs;
    this.#describe = options.describe;
    this.#subject = options.subject;
    options.timeouts.start(this);
  }

  /** What did not happen within the timeout, e.g. `no answer within 1000 ms`. */
  get timeoutMessage(): string {
    return this.#describe(this.timeoutMs, this.#subject);
  }

  /** The attempt's abort signal (created on first read): aborted by its timeout or the call's abort. */
  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.timedOut) this.#controller.abort(this.#timeoutReason());
      else this.#listen();
    }
    return this.#controller.signal;
  }

  /** Whether the attempt's signal was aborted (read without creating one). */
  get aborted(): boolean {
    return this.timedOut || this.#call.reason !== undefined;
  }

  /** Settles with `work`, or rejects with {@link attemptTimedOut} / {@link callAborted} first. */
  race<T>(work: PromiseLike<T>): Promise<T> {
    if (this.#call.reason !== undefined) {
      work.then(undefined, () => {});
      return Promise.reject(callAborted);
    }
    AttemptControl.#racing = this;
    AttemptControl.#racingWork = work;
    return new Promise<T>(
      AttemptControl.#startRace as (resolve: (value: T) => void, reject: (reason: unknown) => void) => void,
    );
  }

  /** The control and work of the race being set up, handed to {@link #startRace}. */
  static #racing: AttemptControl | undefined;
  static #racingWork: PromiseLike<unknown> | undefined;

  /** Every race's executor (run at once, inside `new Promise`): one function, no closure per attempt. */
  static #startRace(this: void, resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
    const control = AttemptControl.#racing as AttemptControl;
    const work = AttemptControl.#racingWork as PromiseLike<unknown>;
    AttemptControl.#racing = undefined;
    AttemptControl.#racingWork = undefined;
    control.#reject = reject;
    control.#listen();
    work.then(resolve, reject);
  }

  /**
   * The work {@link race} waited for settled: the race's `reject` is let go
   * (a stream that opened is not held to the promise it opened with).
   */
  raceSettled(): void {
    this.#reject = undefined;
  }

  /** The timeout of the attempt fired. */
  onTimeout(): void {
    this.timedOut = true;
    this.#controller?.abort(this.#timeoutReason());
    this.#reject?.(attemptTimedOut);
    this.interruptible?.interrupt();
  }

  /** Aborts the attempt's signal (a stream that failed or was cancelled), without a timeout. */
  abort(reason: unknown): void {
    this.#controller?.abort(reason);
  }

  /** Listens to the call's abort from now on (a served stream, whose reads are not raced). */
  watchCall(): void {
    this.#listen();
  }

  /** Stops the timeout and the listener on the call's signal. The signal itself stays as it is. */
  end(): void {
    this.#timeouts.cancel(this);
    this.#reject = undefined;
    this.interruptible = undefined;
    if (this.#listening) {
      this.#listening = false;
      if (this.#onCallAbort) this.#call.signal?.removeEventListener('abort', this.#onCallAbort);
    }
  }

  /** Re-arms the timeout with a new duration: a stream past its first token gets the attempt timeout. */
  restart(timeoutMs: number, describe: (timeoutMs: number, subject: string) => string): void {
    this.#timeouts.cancel(this);
    this.timeoutMs = timeoutMs;
    this.#describe = describe;
    this.#timeouts.start(this);
  }

  /**
   * Like {@link restart}, but the timeout is fired by someone else's timer
   * (a stream's stall watch, which arms one timer for both): its own is
   * stopped, and {@link onTimeout} is to be called when `timeoutMs` passed.
   */
  handOff(timeoutMs: number, describe: (timeoutMs: number, subject: string) => string): void {
    this.#timeouts.cancel(this);
    this.timeoutMs = timeoutMs;
    this.#describe = describe;
  }

  #listen(): void {
    const signal = this.#call.signal;
    if (signal === undefined || this.#listening) return;
    this.#listening = true;
    this.#onCallAbort ??= () => this.#callAborted();
    signal.addEventListener('abort', this.#onCallAbort, { once: true });
  }

  /** The listener on the call's signal, created only when the call can be aborted. */
  #onCallAbort: (() => void) | undefined;

  #callAborted(): void {
    this.#listening = false;
    this.#controller?.abort(this.#call.signal?.reason);
    this.#reject?.(callAborted);
    this.interruptible?.interrupt();
  }

  #timeoutReason(): DOMException {
    return new DOMException(this.timeoutMessage, 'TimeoutError');
  }
}
