/** How the fault wall's in-process transport fails, as a socket would (errors shaped like undici's). */

/** A body closed before its end (the socket closed without the terminating chunk). */
export function terminated(): TypeError {
  return new TypeError('terminated', {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });
}

/** A connection reset before any response byte. */
export function connectionReset(): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
  });
}

/** What an aborted request rejects with. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** An OpenAI error envelope with `status`. */
export function errorResponse(
  status: number,
  message: string,
  type: string,
  code: string | null,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify({ error: { message, type, param: null, code } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Calls `done` after `ms` (a global `setTimeout`), or `aborted` when `signal` aborts first. */
export function after(
  ms: number,
  signal: AbortSignal | undefined,
  done: () => void,
  aborted: (reason: unknown) => void,
): void {
  if (signal?.aborted) {
    aborted(abortReason(signal));
    return;
  }
  const onAbort = () => {
    clearTimeout(timer);
    aborted(abortReason(signal as AbortSignal));
  };
  const timer = setTimeout(() => {
    signal?.removeEventListener('abort', onAbort);
    done();
  }, ms);
  signal?.addEventListener('abort', onAbort, { once: true });
}

/** Waits `ms`, or rejects with the abort reason when `signal` aborts first. */
export function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => after(ms, signal, resolve, reject));
}

/** No answer at all until `signal` aborts (then it rejects) or `ms` pass (then the connection is reset). */
export function silence(ms: number, signal: AbortSignal | undefined): Promise<Response> {
  return new Promise<Response>((_, reject) => after(ms, signal, () => reject(connectionReset()), reject));
}
