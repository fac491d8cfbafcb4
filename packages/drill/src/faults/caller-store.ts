import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The caller jurisdiction of the drill request running in this async context.
 * The drill runs each request inside it; the fetch wrapper (simulated mode)
 * and the fault-injecting model (live mode) read it.
 */
export const callerStore = new AsyncLocalStorage<string>();

/** The headers as one record with lower-case names; a name given twice keeps both values, `, `-joined, as `Headers` does. */
function lowerCaseRecord(headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (headers === undefined) return record;
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      record[name] = value;
    });
    return record;
  }
  for (const [name, value] of Array.isArray(headers) ? headers : Object.entries(headers)) {
    const key = (name as string).toLowerCase();
    const before = record[key];
    record[key] = before === undefined ? String(value) : `${before}, ${String(value)}`;
  }
  return record;
}

/**
 * A `fetch` that adds the current drill caller's jurisdiction as a header, so
 * simulators can apply caller-scoped faults (region and legal blocks). Inside a caller's
 * context the underlying fetch gets the headers as one plain record with
 * lower-case names (the request's own headers when `init` has none): one copy
 * per request, no `Headers` object built. Outside one, the call passes as it is.
 *
 * @param options.header header name (default `x-switchyard-caller-country`; sent lower-case).
 * @param options.fetch the underlying fetch (default the global one).
 * @returns the wrapping fetch.
 * @example
 * ```ts
 * const fetch = callerHeaderFetch({ fetch: simulator.fetch });
 * await callerStore.run('DE', () => fetch(`${simulator.baseURL}/models`));
 * // the simulator saw the header x-switchyard-caller-country: DE
 * ```
 */
export function callerHeaderFetch(options: { header?: string; fetch?: typeof fetch } = {}): typeof fetch {
  const header = (options.header ?? 'x-switchyard-caller-country').toLowerCase();
  const base = options.fetch ?? fetch;
  return (input, init) => {
    const jurisdiction = callerStore.getStore();
    if (jurisdiction === undefined) return base(input, init);
    const headers = lowerCaseRecord(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers[header] = jurisdiction;
    return base(input, { ...init, headers });
  };
}
