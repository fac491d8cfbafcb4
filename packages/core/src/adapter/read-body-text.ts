import { callFailure, type ProviderCall } from './provider-call.js';

/**
 * The most bytes an adapter reads of one response body (32 MiB) unless its
 * `maxResponseBytes` setting says otherwise: far above any answer (a whole
 * 128k-token answer is well under 1 MiB; a fetched PDF inside an Anthropic
 * web-fetch result a few MiB), far below what exhausts a process.
 */
export const defaultMaxResponseBytes = 32 * 1024 * 1024;

/**
 * The failure of a body longer than the limit: `transient`, code
 * `response_too_large`, naming the limit.
 */
export function responseTooLarge(call: ProviderCall, maxBytes: number): Error {
  return callFailure(call, {
    kind: 'transient',
    code: 'response_too_large',
    message: `the response body is longer than ${formatBytes(maxBytes)} (the adapter's maxResponseBytes); it was not read further`,
  });
}

/** `32 MiB`, `512 KiB`, `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Reads a response body as text, at most `maxBytes` of it: a longer body is
 * cancelled (the connection closes) and a `ProviderError` of kind
 * `transient`, code `response_too_large`, is thrown. A body that fails while
 * it is read throws what the read threw (a closed connection, an abort).
 *
 * @param response the response.
 * @param options.call the call, for the error.
 * @param options.maxBytes the limit (default {@link defaultMaxResponseBytes}).
 * @returns the body text (UTF-8), `''` for no body.
 * @throws ProviderError when the body is longer than `maxBytes`.
 */
export async function readBodyText(
  response: Response,
  options: { call: ProviderCall; maxBytes?: number },
): Promise<string> {
  const { call, maxBytes = defaultMaxResponseBytes } = options;
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      reader.cancel().catch(() => {});
      throw responseTooLarge(call, maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
