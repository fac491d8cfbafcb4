/**
 * One header of a `fetch` call's `init.headers`, read where it lies: `name`
 * lower-case; `undefined` when absent. A `Headers` answers `get` (values given
 * twice `, `-joined); in an array of pairs or a record, names match whatever
 * their case and the last one given wins, an `undefined` value counting as
 * absent. No copy of the headers is made: a simulator reads two or three of
 * them per request (the API key, the caller's country).
 *
 * @param headers the call's headers, as `fetch` takes them.
 * @param name the header name, lower-case.
 * @returns its value, or `undefined`.
 * @example
 * ```ts
 * headerOf({ Authorization: 'Bearer k' }, 'authorization'); // 'Bearer k'
 * ```
 */
export function headerOf(headers: RequestInit['headers'], name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  let found: string | undefined;
  if (Array.isArray(headers)) {
    for (const [given, value] of headers) {
      if (given !== undefined && given.toLowerCase() === name) found = value as string;
    }
    return found;
  }
  // for-in rather than Object.entries: no [name, value] array per header.
  for (const given in headers) {
    const value = (headers as Record<string, string | undefined>)[given];
    if (value !== undefined && given.toLowerCase() === name) found = String(value);
  }
  return found;
}

/**
 * Every header of a `fetch` call's `init.headers` as one record with
 * lower-case names, read as {@link headerOf} reads one (for the recorded
 * requests, which keep them all).
 *
 * @param headers the call's headers, as `fetch` takes them.
 * @returns a new record.
 */
export function headerRecordOf(headers: RequestInit['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined) return result;
  if (headers instanceof Headers || Array.isArray(headers)) {
    for (const [name, value] of headers instanceof Headers ? headers : headers)
      result[name.toLowerCase()] = value as string;
    return result;
  }
  for (const name in headers) {
    const value = (headers as Record<string, string | undefined>)[name];
    if (value !== undefined) result[name.toLowerCase()] = String(value);
  }
  return result;
}
