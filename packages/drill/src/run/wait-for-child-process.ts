import { subscribe, unsubscribe } from 'node:diagnostics_channel';

// Taken at import: a test's fake clock (or a drill's virtual one) must not hold this wait forever.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Node's diagnostics channel published when this process creates a child process. */
const childProcessChannel = 'child_process';

/**
 * Waits until this process starts a child process (Node's `child_process`
 * diagnostics channel), until `until` settles, or `maxMs` real ms, whichever
 * comes first. Never rejects.
 *
 * A drill uses it to let llama.cpp's engine reach its binary check (a child
 * node process that node-llama-cpp forks on Linux) before the provider SDKs
 * are imported: their module loading keeps the main thread busy and would
 * hold back the few file reads before the fork, so the check would start only
 * after the imports, not beside them on another core.
 *
 * @param options.until settles when there is nothing more to wait for (the model loaded, or failed).
 * @param options.maxMs the longest real wait (default 150), e.g. where no child process is started.
 * @returns resolves at the first of the three.
 * @example
 * ```ts
 * const model = loadModel();
 * await waitForChildProcess({ until: model });
 * await import('openai'); // beside the engine's binary check
 * ```
 */
export function waitForChildProcess({
  until,
  maxMs = 150,
}: {
  until: Promise<unknown>;
  maxMs?: number;
}): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      unsubscribe(childProcessChannel, done);
      if (timer !== undefined) realClearTimeout(timer);
      resolve();
    };
    subscribe(childProcessChannel, done);
    timer = realSetTimeout(done, maxMs);
    until.then(done, done);
  });
}
