import fc from 'fast-check';

/** One server-sent event: its `event:` name (when sent) and its JSON data. */
export interface WireEvent {
  readonly event?: string;
  readonly data: unknown;
}

/**
 * How a server frames its events, all of it legal by the SSE specification
 * (WHATWG HTML, "server-sent events") and seen from real servers and proxies:
 * the line ending (LF, CRLF, or a lone CR), a space after the colon or not,
 * the JSON data on one `data:` line or pretty-printed across several (the
 * reader joins them with `\n`, which JSON allows between tokens), `id:` and
 * `retry:` fields, and comment lines (`: ping`, OpenRouter's
 * `: OPENROUTER PROCESSING`) before any event.
 */
export interface SseFraming {
  readonly lineEnding: '\n' | '\r\n' | '\r';
  readonly space: boolean;
  readonly multiLineData: boolean;
  readonly ids: boolean;
  readonly retry: boolean;
  /** For each event (cycled), the comment lines before it. */
  readonly comments: readonly (readonly string[])[];
  /** End with `data: [DONE]` (OpenAI) or not. */
  readonly done: boolean;
}

export const sseFraming = (options: { done: boolean | 'maybe' }): fc.Arbitrary<SseFraming> =>
  fc.record({
    lineEnding: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
    space: fc.boolean(),
    multiLineData: fc.boolean(),
    ids: fc.boolean(),
    retry: fc.boolean(),
    comments: fc.array(
      fc.array(fc.constantFrom('', ' ping', ' OPENROUTER PROCESSING', ' keep-alive', ':'), { maxLength: 2 }),
      { minLength: 1, maxLength: 4 },
    ),
    done: options.done === 'maybe' ? fc.boolean() : fc.constant(options.done),
  });

/** The event stream's text: every event framed as `framing` says, in order. */
export function sseText(events: readonly WireEvent[], framing: SseFraming): string {
  const end = framing.lineEnding;
  const field = (name: string, value: string) => `${name}:${framing.space ? ' ' : ''}${value}${end}`;
  let text = '';
  events.forEach((event, position) => {
    const comments = framing.comments[position % framing.comments.length] ?? [];
    for (const comment of comments) text += `:${comment}${end}`;
    if (event.event !== undefined) text += field('event', event.event);
    if (framing.ids) text += field('id', String(position));
    if (framing.retry && position === 0) text += field('retry', '3000');
    const json = JSON.stringify(event.data, null, framing.multiLineData ? 1 : undefined);
    for (const line of json.split('\n')) text += field('data', line);
    text += end;
  });
  if (framing.done) text += field('data', '[DONE]') + end;
  return text;
}
