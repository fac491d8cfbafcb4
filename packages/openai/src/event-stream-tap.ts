/** Bytes of an event stream kept for a failure message, at most (the last chunks received). */
const keptBytes = 8_192;

const taps = new WeakMap<Response, EventStreamTap>();

/**
 * The last chunks of one server-sent-event response, kept so that when the
 * SDK cannot parse an event (it says only that it could not), the adapter
 * can name the offending line. It keeps references to the chunks the body
 * delivered (no copy, no decoding) until a failure asks for them.
 */
export class EventStreamTap {
  readonly #chunks: Uint8Array[] = [];
  #bytes = 0;

  /** Keeps `chunk`, forgetting the oldest beyond {@link keptBytes}. */
  push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#bytes += chunk.byteLength;
    while (this.#bytes - (this.#chunks[0]?.byteLength ?? 0) >= keptBytes) {
      this.#bytes -= (this.#chunks.shift() as Uint8Array).byteLength;
    }
  }

  /**
   * The first `data:` line among the kept chunks whose payload is neither
   * JSON nor `[DONE]` (a line cut by the start of what was kept is skipped).
   */
  malformedLine(): string | undefined {
    const text = new TextDecoder().decode(Buffer.concat(this.#chunks));
    const lines = text.split(/\r?\n/);
    for (let index = 1; index < lines.length; index++) {
      const line = lines[index] as string;
      if (!line.startsWith('data:')) continue;
      const payload = line.slice(5).trim();
      if (payload === '[DONE]' || payload === '') continue;
      try {
        JSON.parse(payload);
      } catch {
        return line;
      }
    }
    return undefined;
  }
}

/**
 * Wraps `fetch` so that each `text/event-stream` response keeps its last
 * chunks ({@link EventStreamTap}, found with {@link eventStreamTapOf}); other
 * responses pass through untouched.
 *
 * @param base the fetch to call (default: the global `fetch` at call time).
 * @returns the wrapping fetch.
 */
export function tapEventStreams(base?: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await (base ?? globalThis.fetch)(input, init);
    const body = response.body;
    if (body === null || !response.headers.get('content-type')?.includes('text/event-stream'))
      return response;
    const tap = new EventStreamTap();
    const reader = body.getReader();
    const tapped = new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await reader.read();
          if (next.done) controller.close();
          else {
            tap.push(next.value);
            controller.enqueue(next.value);
          }
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      }),
      { status: response.status, statusText: response.statusText, headers: response.headers },
    );
    taps.set(tapped, tap);
    return tapped;
  };
}

/** The tap of a response {@link tapEventStreams} returned, if any. */
export function eventStreamTapOf(response: Response): EventStreamTap | undefined {
  return taps.get(response);
}
