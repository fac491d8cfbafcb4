import type { ProviderEventSource } from '@switchyard/core/adapter';
import type { LlamaChatResponseChunk } from 'node-llama-cpp';
import type { LlamaRun } from './run-llama-generation.js';

/** One event of an in-process generation: a chunk as it is generated, then the finished run. */
export type LlamaEvent =
  /** Text or a thought segment, as node-llama-cpp generated it. */
  | { readonly type: 'chunk'; readonly chunk: LlamaChatResponseChunk }
  /** The generation finished: its content, stop reason and token counts. */
  | { readonly type: 'done'; readonly run: LlamaRun };

/**
 * An in-process generation as the event source `providerStream` reads, the
 * way an HTTP adapter hands it the events of a response body: `start` runs
 * the generation at once, its chunks are buffered until read, the finished
 * run is the last event, and what the generation throws is thrown by the
 * read that reaches it. `cancel` (the reader cancelled) aborts the
 * generation, which frees its sequence; `finish` (the decoder read the
 * finished run) has nothing left to stop and aborts nothing.
 *
 * The call's signal is followed by one listener, removed when the run
 * settles, rather than joined with `AbortSignal.any`; and a run that already
 * settled is never aborted (an abort without a reason builds a
 * `DOMException`, tens of microseconds on the path to the `finish` part).
 *
 * @param options.start runs the generation with the signal it must obey and the chunk callback.
 * @param options.signal the call's abort signal (joined with `cancel`).
 * @returns the source.
 * @example
 * ```ts
 * const source = llamaRunEvents({ signal, start: ({ signal, onChunk }) => runLlamaGeneration({ loaded, generation, call, signal, onChunk }) });
 * ```
 */
export function llamaRunEvents(options: {
  start: (run: {
    signal: AbortSignal;
    onChunk: (chunk: LlamaChatResponseChunk) => void;
  }) => Promise<LlamaRun>;
  signal?: AbortSignal | undefined;
}): ProviderEventSource<LlamaEvent> {
  const stop = new AbortController();
  const outer = options.signal;
  const follow = () => stop.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  const queue: LlamaEvent[] = [];
  let head = 0;
  let ended = false;
  let failure: { readonly error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const onChunk = (chunk: LlamaChatResponseChunk) => {
    queue.push({ type: 'chunk', chunk });
    notify();
  };
  options.start({ signal: stop.signal, onChunk }).then(
    (run) => {
      outer?.removeEventListener('abort', follow);
      queue.push({ type: 'done', run });
      ended = true;
      notify();
    },
    (error: unknown) => {
      outer?.removeEventListener('abort', follow);
      failure = { error };
      ended = true;
      notify();
    },
  );
  const events: AsyncIterator<LlamaEvent> = {
    async next() {
      for (;;) {
        if (head < queue.length) {
          const value = queue[head] as LlamaEvent;
          queue[head++] = undefined as unknown as LlamaEvent;
          return { done: false, value };
        }
        if (failure !== undefined) throw failure.error;
        if (ended) return { done: true, value: undefined };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
  return {
    events,
    cancel: () => {
      if (!ended) stop.abort();
    },
    finish: () => {},
  };
}
