import { formatBytes } from './read-body-text.js';

/**
 * Wraps a `fetch` so that no error body (status 4xx/5xx) it returns is longer
 * than `maxBytes`: the SDKs read error bodies whole to build their errors, and
 * a hostile server (an endless or a 64 MiB error page) would otherwise make
 * them read forever or exhaust memory. A longer body ends after `maxBytes`
 * with an error naming the limit, which the SDKs put in their error's message.
 * Successful bodies pass through untouched (the adapters read them with
 * their own limit).
 *
 * @param fetchImpl the fetch to wrap.
 * @param maxBytes the longest error body read.
 * @returns the wrapped fetch.
 * @example
 * ```ts
 * const client = new OpenAI({ apiKey, fetch: limitErrorBodies(fetch, 32 * 1024 * 1024) });
 * ```
 */
export function limitErrorBodies(fetchImpl: typeof fetch, maxBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetchImpl(input, init);
    if (response.ok || response.body === null) return response;
    let bytes = 0;
    const limited = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          bytes += chunk.byteLength;
          if (bytes > maxBytes) {
            controller.error(
              new Error(`the error body is longer than ${formatBytes(maxBytes)} and was not read further`),
            );
            return;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(limited, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
