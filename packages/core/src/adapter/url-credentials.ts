/**
 * A base URL without the credentials it may carry (`http://user:password@host`),
 * and those credentials as an `Authorization: Basic` value. Adapters call it
 * on their `baseURL` so the credentials travel in a header (fetch refuses URLs
 * with credentials) and never appear in `provider.baseURL`, error messages,
 * decision records or logs.
 *
 * @param url the base URL as given.
 * @returns the URL without credentials, and the `Authorization` value when it had some.
 * @throws TypeError when `url` is not an absolute URL (the message shows it without credentials).
 * @example
 * ```ts
 * splitUrlCredentials('http://me:pw@gpu-box:11434');
 * // { url: 'http://gpu-box:11434', authorization: 'Basic bWU6cHc=' }
 * ```
 */
export function splitUrlCredentials(url: string): { url: string; authorization?: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `expected an absolute URL such as http://127.0.0.1:11434; got ${JSON.stringify(url.replace(/\/\/[^/@]*@/, '//[redacted]@'))}`,
    );
  }
  if (parsed.username === '' && parsed.password === '') return { url };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  const bare = parsed.toString();
  // URL adds a trailing slash to a bare origin; keep the caller's form otherwise.
  const withoutSlash = url.endsWith('/') ? bare : bare.replace(/\/$/, '');
  return {
    url: withoutSlash,
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
  };
}
