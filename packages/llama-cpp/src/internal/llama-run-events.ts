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
 * generation, which frees its sequence.
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
  const signal = options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
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
  options.start({ signal, onChunk }).then(
    (run) => {
      queue.push({ type: 'done', run });
      ended = true;
      notify();
    },
    (error: unknown) => {
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
  return { events, cancel: () => stop.abort() };
}
