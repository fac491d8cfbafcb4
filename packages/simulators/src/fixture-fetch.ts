/** The body of a fixture answer: text, bytes, or a producer of chunks (for endless or huge bodies). */
export type FixtureBody = string | Uint8Array | (() => AsyncIterable<Uint8Array> | Iterable<Uint8Array>);

/** One fixed answer a {@link fixtureFetch} gives. */
export interface FixtureAnswer {
  /** HTTP status. Default `200`. */
  readonly status?: number;
  /** Response headers, e.g. `{ 'content-type': 'text/event-stream' }`. Default none. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The body. Default empty. A function is called once per request and may never end. */
  readonly body?: FixtureBody;
}

/** A `fetch` that gives one fixed answer, and the requests it got. */
export interface FixtureFetch {
  /** The fetch: give it to an adapter's `fetch` setting. */
  readonly fetch: typeof fetch;
  /** The requests so far: URL, method, headers (lower case) and the JSON body when it is JSON. */
  readonly requests: readonly {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: unknown;
  }[];
}

/**
 * A `fetch` that answers every request with one fixed response: a recorded
 * body replayed, or a hostile one (an HTML page with 200, an empty body, a
 * 64 MiB body, a stream that never ends or never sends anything). The body
 * is streamed chunk by chunk as the reader pulls, so an endless producer costs
 * only what is read; the request's abort signal errors the body (and a pending
 * read) with the signal's reason, like a real connection.
 *
 * @param answer the answer, or a function of the request giving one.
 * @returns the fetch and the requests it got.
 * @example
 * ```ts
 * const { fetch } = fixtureFetch({ headers: { 'content-type': 'text/event-stream' }, body: 'data: {"a":1}\n\n' });
 * const openai = createOpenAI({ apiKey: 'sk-test', baseURL: 'http://fixture.invalid/v1', fetch });
 * ```
 */
export function fixtureFetch(answer: FixtureAnswer | ((request: Request) => FixtureAnswer)): FixtureFetch {
  const requests: { url: string; method: string; headers: Record<string, string>; body: unknown }[] = [];
  const respond = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const text = await request.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    requests.push({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries([...request.headers].map(([name, value]) => [name.toLowerCase(), value])),
      body,
    });
    const signal = init?.signal ?? undefined;
    signal?.throwIfAborted();
    const chosen = typeof answer === 'function' ? answer(request) : answer;
    return new Response(bodyStream(chosen.body, signal), {
      status: chosen.status ?? 200,
      headers: chosen.headers ?? {},
    });
  };
  return { fetch: respond as typeof fetch, requests };
}

function bodyStream(
  body: FixtureBody | undefined,
  signal: AbortSignal | undefined,
): ReadableStream<Uint8Array> | null {
  if (body === undefined) return null;
  const chunks =
    typeof body === 'string'
      ? [new TextEncoder().encode(body)]
      : body instanceof Uint8Array
        ? [body]
        : body();
  const iterator =
    Symbol.asyncIterator in chunks
      ? (chunks as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]()
      : (chunks as Iterable<Uint8Array>)[Symbol.iterator]();
  let rejectPending: ((reason: unknown) => void) | undefined;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      signal?.addEventListener('abort', () => {
        rejectPending?.(signal.reason);
        controller.error(signal.reason);
      });
    },
    async pull(controller) {
      const next = await new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
        rejectPending = reject;
        Promise.resolve(iterator.next()).then(resolve, reject);
      });
      rejectPending = undefined;
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel() {
      void iterator.return?.();
    },
  });
}
