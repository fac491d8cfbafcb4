/**
 * Why a text cannot name the entity implementing a legal block in a
 * `Link: <...>; rel="blocked-by"` header (RFC 7725 §4): it must be an absolute
 * `http:` or `https:` URL without user name or password; `undefined` when it
 * can. The router reads such a header only under the same rule (core's
 * `blockedByProblem`; the simulators depend on no other package).
 *
 * @param text the URL as written.
 * @returns what is wrong with it, or `undefined`.
 */
export function blockedByProblem(text: string): string | undefined {
  if (text.length > 2048) return `a URL longer than 2048 characters (${text.length})`;
  if (!URL.canParse(text))
    return `${text === '' ? 'nothing' : 'text that is not an absolute URL'} (no scheme such as https://)`;
  const url = new URL(text);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `a ${url.protocol.slice(0, -1)} URL, not http or https`;
  if (url.username !== '' || url.password !== '') return 'a URL with a user name or password';
  return undefined;
}
