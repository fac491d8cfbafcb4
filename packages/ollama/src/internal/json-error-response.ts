import { type ProviderCall, readBodyText } from '@switchyard/core/adapter';

/**
 * An error response (4xx/5xx) as the `ollama` client reads it without printing:
 * a body that is a JSON object passes as it is; any other body (an HTML page
 * from a proxy, plain text, JSON that does not parse) becomes
 * `{"error": <the text>}`, which the client turns into the same
 * `ResponseError` message it would have made from the text. Why: the client
 * `console.log`s "Getting text from response" (or "Failed to parse error
 * response as JSON") for such a body; the router records the failure, and a
 * library should not print. The body is read at most `maxBytes`.
 *
 * @param response the error response.
 * @param options.call the call, for the size error.
 * @param options.maxBytes the most bytes read.
 * @returns the response the client reads.
 * @throws ProviderError (`response_too_large`) for a body longer than `maxBytes`.
 * @example
 * ```ts
 * if (!response.ok) return jsonErrorResponse(response, { call, maxBytes });
 * ```
 */
export async function jsonErrorResponse(
  response: Response,
  options: { call: ProviderCall; maxBytes: number },
): Promise<Response> {
  const text = await readBodyText(response, options);
  const headers = new Headers(response.headers);
  headers.set('content-type', 'application/json');
  headers.delete('content-length');
  const init = { status: response.status, statusText: response.statusText, headers };
  return new Response(isJsonObject(text) ? text : JSON.stringify({ error: text }), init);
}

function isJsonObject(text: string): boolean {
  if (!text.trimStart().startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
