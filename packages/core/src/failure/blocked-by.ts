import { headerValue, type ResponseHeaders } from './header-value.js';

/** Longest blocked-by URL kept: a longer one is no entity's name, and would swell every message. */
const maxLength = 2048;

/**
 * Why a text is not a URL that can name the entity implementing a legal block
 * (an absolute `http:` or `https:` URL without user name or password, of at
 * most 2048 characters), or `undefined` when it is one.
 *
 * @param text the URL as written.
 * @returns what is wrong with it, or `undefined`.
 * @example
 * ```ts
 * blockedByProblem('blocker.example'); // 'text that is not an absolute URL (no scheme such as https://)'
 * ```
 */
export function blockedByProblem(text: string): string | undefined {
  if (text.length > maxLength) return `a URL longer than ${maxLength} characters (${text.length})`;
  if (!URL.canParse(text))
    return `${text === '' ? 'nothing' : 'text that is not an absolute URL'} (no scheme such as https://)`;
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `a ${url.protocol.slice(0, -1)} URL, not http or https`;
  if (url.username !== '' || url.password !== '') return 'a URL with a user name or password';
  return undefined;
}

/** One link of a `Link` field: `<uri>` then `; name=value` parameters (RFC 8288 §3). */
const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,]*)*)/g;
const relPattern = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i;

/**
 * The entity a legal block's answer names as implementing it: the target of
 * its `Link: <...>; rel="blocked-by"` header (RFC 7725 §4), when that is an
 * absolute http(s) URL ({@link blockedByProblem}); `undefined` otherwise
 * (no such link, a relative reference, a URL with credentials).
 *
 * @param headers the response headers.
 * @returns the URL, or `undefined`.
 * @example
 * ```ts
 * blockedByOf({ link: '<https://blocker.example/>; rel="blocked-by"' }); // 'https://blocker.example/'
 * ```
 */
export function blockedByOf(headers: ResponseHeaders | null | undefined): string | undefined {
  if (headers == null) return undefined;
  const field = headerValue(headers, 'link', { all: true });
  if (field === undefined) return undefined;
  for (const [, target = '', parameters = ''] of field.matchAll(linkPattern)) {
    const rel = relPattern.exec(parameters);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('blocked-by'))
      return blockedByProblem(target.trim()) === undefined ? target.trim() : undefined;
  }
  return undefined;
}

/**
 * A legal block's message naming who implements it: `Unavailable For Legal
 * Reasons (blocked by https://blocker.example/)`; the message itself without one.
 *
 * @param message the failure's message.
 * @param blockedBy the entity's URL ({@link blockedByOf}), if the answer named one.
 * @returns the message.
 * @example
 * ```ts
 * withBlockedBy('Unavailable For Legal Reasons', 'https://blocker.example/'); // 'Unavailable For Legal Reasons (blocked by https://blocker.example/)'
 * ```
 */
export function withBlockedBy(message: string, blockedBy: string | undefined): string {
  return blockedBy === undefined ? message : `${message} (blocked by ${blockedBy})`;
}

/**
 * The `Link` header naming `blockedBy` as implementing a legal block (RFC 7725 §4).
 *
 * @example
 * ```ts
 * blockedByLink('https://blocker.example/'); // '<https://blocker.example/>; rel="blocked-by"'
 * ```
 */
export function blockedByLink(blockedBy: string): string {
  return `<${blockedBy}>; rel="blocked-by"`;
}
