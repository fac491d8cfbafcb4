import { readableMessage } from '../failure/readable-message.js';
import { thrownMessage } from '../failure/thrown-message.js';
import { callFailure, malformedResponse, type ProviderCall } from './provider-call.js';
import { readBodyText } from './read-body-text.js';

/** `text/html; charset=utf-8` → `text/html`; none → `(none)`. */
export function mediaTypeOf(response: Response): string {
  const type = response.headers.get('content-type');
  return type === null ? '(none)' : (type.split(';')[0] ?? '').trim().toLowerCase() || '(none)';
}

/**
 * Reads a successful response body as JSON, at most `maxBytes` of it, and
 * turns every way it can be something else into a `ProviderError` of kind
 * `transient`, code `malformed_response`, with a readable message: an empty
 * body, an HTML page (a gateway's or captive portal's page served with 200),
 * text, truncated JSON. The content type is not trusted either way: JSON
 * served as `text/plain` is read as JSON.
 *
 * @param response the response (2xx).
 * @param options.call the call, for the error.
 * @param options.what what the body should be, for messages (`a Chat Completion`).
 * @param options.maxBytes the limit (see `readBodyText`).
 * @returns the parsed body.
 * @throws ProviderError (`malformed_response`, or `response_too_large`).
 * @example
 * ```ts
 * const completion = await readJsonResponse(response, { call, what: 'a Chat Completion' });
 * ```
 */
export async function readJsonResponse(
  response: Response,
  options: { call: ProviderCall; what: string; maxBytes?: number },
): Promise<unknown> {
  const { call, what } = options;
  const text = await readBodyText(response, options);
  const mediaType = mediaTypeOf(response);
  if (text.trim() === '') {
    throw callFailure(
      call,
      malformedResponse(
        `expected ${what}${what.includes('stream') ? '' : ' as JSON'}; got an empty body (status ${response.status}, content-type ${mediaType})`,
      ),
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = thrownMessage(error);
    const looksLikeJson = /^\s*[[{]/.test(text);
    throw callFailure(
      call,
      malformedResponse(
        looksLikeJson
          ? `expected ${what} as JSON; the body is not valid JSON (truncated or damaged: ${readableMessage(reason, { maxLength: 120 })}), ${text.length} characters beginning ${readableMessage(text, { maxLength: 80 })}`
          : `expected ${what}${what.includes('stream') ? '' : ' as JSON'}; got ${mediaType}: ${readableMessage(text, { maxLength: 200 })}`,
      ),
      error,
    );
  }
}
