import { setMaxListeners } from 'node:events';

/**
 * The abort state of one call as a whole: the caller's `abortSignal` and the
 * call's deadline. Nothing is allocated when there is neither (the common
 * case): `callSignal` returns a shared inert instance.
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
 * The {@link CallSignal} of a call: abortable by the caller's signal and the
 * deadline (a global `setTimeout`, so fake clocks control it), or a shared
 * inert one when there is neither.
 *
 * @param options.caller the call's `abortSignal`.
 * @param options.deadlineMs the call's deadline, ms.
 */
export function callSignal(options: {
  caller: AbortSignal | undefined;
  deadlineMs: number | undefined;
}): CallSignal {
  if (options.caller === undefined && options.deadlineMs === undefined) return inert;
  return new AbortableCall(options.caller, options.deadlineMs);
}

/**
 * A {@link CallSignal} that can be aborted from inside (`abort`), with
 * neither a caller's signal nor a deadline: what a request gets when one of
 * its streams must be able to abort a continuation it is opening.
 */
export function abortableCallSignal(): CallSignal {
  return new AbortableCall(undefined, undefined);
}
