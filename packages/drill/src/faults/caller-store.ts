import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The caller jurisdiction of the drill request running in this async context.
 * The drill runs each request inside it; the fetch wrapper (simulated mode)
 * and the fault-injecting model (live mode) read it.
 */
export const callerStore = new AsyncLocalStorage<string>();

/**
 * A `fetch` that adds the current drill caller's jurisdiction as a header, so
 * simulators can apply caller-scoped faults (region blocks).
 *
 * @param options.header header name (default `x-switchyard-caller-country`).
 * @param options.fetch the underlying fetch (default the global one).
 */
export function callerHeaderFetch(options: { header?: string; fetch?: typeof fetch } = {}): typeof fetch {
  const header = options.header ?? 'x-switchyard-caller-country';
  const base = options.fetch ?? fetch;
  return (input, init) => {
    const jurisdiction = callerStore.getStore();
    if (jurisdiction === undefined) return base(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set(header, jurisdiction);
    return base(input, { ...init, headers });
  };
}
