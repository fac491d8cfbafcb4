import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors/provider-error.js';
import type { ClassifiedFailure } from '../failure/failure-kind.js';
import { DirectPartReader } from './direct-part-reader.js';
import { type PartReader, partReader } from './part-reader.js';
import { callFailure } from './provider-call.js';
import { providerStream } from './provider-stream.js';
import type { ProviderEventSource } from './sse-json-events.js';
import type { StreamDecoder } from './stream-decoder.js';

const call = { provider: 'p', model: 'm' };
type Event = { text?: string; stop?: boolean; fail?: boolean };

/** A source of `events`, then of what `tail` gives (the end by default). */
function sourceOf(events: Event[], tail?: () => Promise<IteratorResult<Event>>) {
  let index = 0;
  const counts = { cancels: 0 };
  const source: ProviderEventSource<Event> = {
    events: {
      next: async () => {
        const value = events[index++];
        if (value !== undefined) return { done: false, value };
        return tail ? tail() : { done: true, value: undefined };
      },
    },
    cancel: () => {
      counts.cancels++;
    },
  };
  return { source, counts };
}

/** Text parts (two per event: the text and a marker); finishes at `stop`, truncated without it. */
function decoder(): StreamDecoder<Event> {
  let open = false;
  let stopped = false;
  return {
    push(event, emit) {
      if (event.fail)
        throw callFailure(call, { kind: 'transient', code: 'stream_error', message: 'in-stream' });
      if (event.text !== undefined) {
        if (!open) emit({ type: 'text-start', id: '0' });
        open = true;
        emit({ type: 'text-delta', id: '0', delta: event.text });
      }
      if (event.stop) stopped = true;
      return event.stop === true;
    },
    end(emit): ClassifiedFailure | undefined {
      if (!stopped) return { kind: 'transient', code: 'stream_truncated', message: 'no stop' };
      this.close(emit);
      emit({
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: 1, text: 1, reasoning: 0 },
        },
      });
      return undefined;
    },
    close(emit) {
      if (open) emit({ type: 'text-end', id: '0' });
      open = false;
    },
  };
}

const fail = (error: unknown) =>
  ProviderError.isInstance(error)
    ? error
    : callFailure(call, { kind: 'transient', code: 'connection_error', message: String(error) });

function streamOf(events: Event[], tail?: () => Promise<IteratorResult<Event>>) {
  const { source, counts } = sourceOf(events, tail);
  const stream = providerStream({ source, decoder: decoder(), call, fail, warnings: [] });
  return { stream, counts };
}

async function readAll(reader: PartReader): Promise<LanguageModelV4StreamPart[]> {
  const parts: LanguageModelV4StreamPart[] = [];
  for (;;) {
    const next = await reader.read();
    if (next.done) return parts;
    parts.push(next.value);
  }
}

/** A reader giving the first `count` parts of `reader`, then `done` (the rest stays unread). */
function take(reader: PartReader, count: number): PartReader {
  let left = count;
  return {
    read: () => (left-- > 0 ? reader.read() : Promise.resolve({ done: true, value: undefined })),
    cancel: (reason) => reader.cancel(reason),
  };
}

const answers: Record<string, Event[]> = {
  finished: [{ text: 'a' }, { text: 'b' }, { text: 'c', stop: true }, { text: 'never' }],
  truncated: [{ text: 'a' }, { text: 'b' }],
  failed: [{ text: 'a' }, { fail: true }],
};

describe('partReader', () => {
  it.each(Object.keys(answers))(
    'reads the parts of a %s provider stream its web reader reads',
    async (name) => {
      const events = answers[name] as Event[];
      const web = await readAll(streamOf(events).stream.getReader());
      const reader = partReader(streamOf(events).stream);
      expect(reader).toBeInstanceOf(DirectPartReader);
      expect(await readAll(reader)).toEqual(web);
      expect(await reader.read()).toEqual({ done: true, value: undefined });
    },
  );

  it('takes the events at hand from ready, reading only when none is', async () => {
    const queued: Event[] = [{ text: 'b' }, { text: 'c', stop: true }];
    let reads = 0;
    const source: ProviderEventSource<Event> = {
      events: {
        next: async () => {
          reads++;
          return reads === 1 ? { done: false, value: { text: 'a' } } : { done: true, value: undefined };
        },
      },
      // What the first read brought besides its first event: at hand after it.
      ready: () => {
        if (reads === 0) return undefined;
        const value = queued.shift();
        return value === undefined ? undefined : { done: false, value };
      },
      cancel: () => {},
    };
    const reader = partReader(providerStream({ source, decoder: decoder(), call, fail, warnings: [] }));
    expect((await readAll(reader)).map((part) => part.type)).toEqual([
      'stream-start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(reads).toBe(1);
  });

  it('leaves the web stream of a provider stream it reads unreadable', async () => {
    const { stream } = streamOf(answers.finished as Event[]);
    partReader(stream);
    const web = stream.getReader();
    // The stream-start queued when the stream was made, then the error: its parts went to the part reader.
    expect((await web.read()).value?.type).toBe('stream-start');
    await expect(web.read()).rejects.toThrow('the provider stream is read by a part reader');
  });

  it('ends a pending read done at once when cancelled, and closes the connection', async () => {
    const { stream, counts } = streamOf([{ text: 'a' }], () => new Promise(() => {}));
    const reader = partReader(stream);
    expect((await reader.read()).value?.type).toBe('stream-start');
    expect((await reader.read()).value?.type).toBe('text-start');
    expect((await reader.read()).value?.type).toBe('text-delta');
    const pending = reader.read();
    await reader.cancel(new Error('stalled'));
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(counts.cancels).toBe(1);
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('ends done after a cancel, even with parts not read yet', async () => {
    const { stream } = streamOf([{ text: 'a', stop: true }]);
    const reader = partReader(stream);
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('ends a pending read done when the web stream is cancelled meanwhile, and reads done after it', async () => {
    let release: (result: IteratorResult<Event>) => void = () => {};
    const { stream, counts } = streamOf([{ text: 'a' }], () => new Promise((resolve) => (release = resolve)));
    const reader = partReader(stream);
    expect((await readAll(take(reader, 3))).map((part) => part.type)).toEqual([
      'stream-start',
      'text-start',
      'text-delta',
    ]);
    const pending = reader.read();
    // Whoever else holds the stream (a middleware, say) cancels it: the connection closes, and the
    // read the router is waiting on ends instead of running the settled loop again without end.
    await stream.cancel(new Error('gone'));
    release({ done: false, value: { text: 'late' } });
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(counts.cancels).toBe(1);
  });

  it('rejects every read after a failed one with its error, as a web reader does', async () => {
    const thrown = new Error('classifying failed');
    const { source } = sourceOf([{ text: 'a' }, { fail: true }]);
    const reader = partReader(
      providerStream({
        source,
        decoder: decoder(),
        call,
        fail: () => {
          throw thrown;
        },
        warnings: [],
      }),
    );
    const web = providerStream({
      source: sourceOf([{ text: 'a' }, { fail: true }]).source,
      decoder: decoder(),
      call,
      fail: () => {
        throw thrown;
      },
      warnings: [],
    }).getReader();
    for (const each of [reader, web]) {
      await expect(readAll(each)).rejects.toBe(thrown);
      await expect(each.read()).rejects.toBe(thrown);
    }
  });

  it('leaves the connection of a stream that ended to its source when cancelled after the end', async () => {
    const counts = { cancels: 0, finishes: 0 };
    const { source } = sourceOf(answers.finished as Event[]);
    const kept: ProviderEventSource<Event> = {
      ...source,
      cancel: () => {
        counts.cancels++;
      },
      finish: () => {
        counts.finishes++;
      },
    };
    const reader = partReader(providerStream({ source: kept, decoder: decoder(), call, fail, warnings: [] }));
    expect((await readAll(reader)).at(-1)?.type).toBe('finish');
    await reader.cancel();
    expect(counts).toEqual({ cancels: 0, finishes: 1 });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('reads a provider stream already read on through the web stream', async () => {
    const { stream } = streamOf(answers.finished as Event[]);
    const first = stream.getReader();
    expect((await first.read()).value?.type).toBe('stream-start');
    first.releaseLock();
    const reader = partReader(stream);
    expect(reader).not.toBeInstanceOf(DirectPartReader);
    expect((await readAll(reader)).map((part) => part.type)).toEqual([
      'text-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
  });

  it('reads any other stream through its web reader', async () => {
    const parts: LanguageModelV4StreamPart[] = [{ type: 'text-start', id: '0' }];
    const reader = partReader(
      new ReadableStream({
        start: (controller) => {
          for (const part of parts) controller.enqueue(part);
          controller.close();
        },
      }),
    );
    expect(reader).not.toBeInstanceOf(DirectPartReader);
    expect(await readAll(reader)).toEqual(parts);
  });
});
