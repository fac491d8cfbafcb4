import { setMaxListeners } from 'node:events';

/**
 * The abort state of one call as a whole: the caller's `abortSignal` and the
 * call's deadline. Nothing is allocated when there is neither (the common
 * case): `callSignal` returns a shared inert instance; with only the
 * caller's signal, that signal is the call's (no controller of its own).
 */
export interface CallSignal {
  /** The call's signal, or undefined when nothing can abort the call. */
  readonly signal: AbortSignal | undefined;
  /** Why the call was aborted, once it was. */
  readonly reason: 'deadline' | 'aborted' | undefined;
  /** Releases the timer and the listener on the caller's signal. */
  dispose(): void;
  /** Aborts the call from inside (a consumer cancelled its stream); absent on the shared inert signal. */
  abort?(cause: unknown): void;
}

const inert: CallSignal = { signal: undefined, reason: undefined, dispose() {} };

class AbortableCall implements CallSignal {
  readonly #controller = new AbortController();
  readonly #caller: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  reason: 'deadline' | 'aborted' | undefined;

  constructor(caller: AbortSignal | undefined, deadlineMs: number | undefined) {
    this.#caller = caller;
    // Every attempt of the call listens to this signal (and a long fallback chain adds up).
    setMaxListeners(0, this.#controller.signal);
    if (caller) {
      if (caller.aborted) this.#onAbort();
      else caller.addEventListener('abort', this.#onAbort, { once: true });
    }
    if (deadlineMs !== undefined && this.reason === undefined) {
      this.#timer = setTimeout(() => {
        this.reason ??= 'deadline';
        this.#controller.abort(new DOMException(`deadline of ${deadlineMs} ms exceeded`, 'TimeoutError'));
      }, deadlineMs);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  readonly #onAbort = () => {
    this.reason ??= 'aborted';
    this.#controller.abort(this.#caller?.reason);
  };

  abort(cause: unknown): void {
    this.reason ??= 'aborted';
    this.#controller.abort(cause);
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this.#onAbort);
  }
}

/**
 * A call only its caller can abort (no deadline): the caller's own signal, which every
 * attempt listens to directly: no controller, signal and listener of the router's per call.
 * Its reason is the caller's abort until {@link dispose}, and stays as it was then.
 */
class CallerSignal implements CallSignal {
  readonly signal: AbortSignal;
  #disposed = false;
  #reason: 'aborted' | undefined;

  constructor(caller: AbortSignal) {
    this.signal = caller;
  }

  get reason(): 'aborted' | undefined {
    if (this.#disposed) return this.#reason;
    return this.signal.aborted ? 'aborted' : undefined;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#reason = this.reason;
    this.#disposed = true;
  }
}

/**
 * The {@link CallSignal} of a call: abortable by the caller's signal and the
 * deadline (a global `setTimeout`, so fake clocks control it); the caller's
 * own signal when there is no deadline ({@link CallerSignal}), or a shared
 * inert one when there is neither.
 *
 * @param options.caller the call's `abortSignal`.
 * @param options.deadlineMs the call's deadline, ms.
 */
export function callSignal(options: {
  caller: AbortSignal | undefined;
  deadlineMs: number | undefined;
}): CallSignal {
  if (options.deadlineMs === undefined) {
    return options.caller === undefined ? inert : new CallerSignal(options.caller);
  }
  return new AbortableCall(options.caller, options.deadlineMs);
}

/**
 * A {@link CallSignal} that can be aborted from inside (`abort`), following
 * the caller's signal when there is one, without a deadline: what a request
 * gets when one of its streams must be able to abort a continuation it is
 * opening.
 *
 * @param caller the caller's signal (the call's `abortSignal`), if any.
 */
export function abortableCallSignal(caller?: AbortSignal): CallSignal {
  return new AbortableCall(caller, undefined);
}
