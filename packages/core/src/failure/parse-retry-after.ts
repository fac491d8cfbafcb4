import { type ResponseHeaders, headerValue as read } from './header-value.js';

/** Response headers as the SDKs hand them over: a fetch `Headers`, or a plain record. */
export type RetryAfterHeaders = ResponseHeaders;

/**
 * How long a provider asked the caller to wait, in milliseconds, from the
 * response headers: `retry-after-ms` (milliseconds, a non-standard header the
 * OpenAI and Anthropic APIs send) first, then `retry-after` as delay-seconds
 * or an HTTP date (RFC 9110 §10.2.3). Negative, non-numeric and unparseable
 * values are ignored; a date in the past gives `0`.
 *
 * Header names are matched in lower case (fetch `Headers` are
 * case-insensitive; plain records must use lower-case keys, as Node's do).
 *
 * @param headers the response headers, or `undefined` when there were none.
 * @param now the current time in epoch milliseconds (for HTTP dates); defaults to `Date.now()`.
 * @returns the delay in milliseconds, or `undefined` when the headers name none.
 * @example
 * ```ts
 * parseRetryAfter(new Headers({ 'retry-after': '2' })); // 2000
 * parseRetryAfter({ 'retry-after-ms': '579' }); // 579
 * ```
 */
export function parseRetryAfter(
  headers: RetryAfterHeaders | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (headers == null) return undefined;
  const milliseconds = read(headers, 'retry-after-ms');
  if (milliseconds !== undefined) {
    const value = Number(milliseconds.trim());
    if (milliseconds.trim() !== '' && Number.isFinite(value) && value >= 0) return value;
  }
  const retryAfter = read(headers, 'retry-after')?.trim();
  if (retryAfter === undefined || retryAfter === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date) || !/[a-z]/i.test(retryAfter)) return undefined;
  return Math.max(0, date - now);
}
