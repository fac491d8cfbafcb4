import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors/provider-error.js';
import type { ClassifiedFailure } from '../failure/failure-kind.js';
import { callFailure } from './provider-call.js';
import { providerStream } from './provider-stream.js';
import type { ProviderEventSource } from './sse-json-events.js';
import type { StreamDecoder } from './stream-decoder.js';

const call = { provider: 'p', model: 'm' };
type Event = { text?: string; stop?: boolean; fail?: boolean };

function sourceOf(events: Event[], tail?: () => Promise<IteratorResult<Event>>) {
  let index = 0;
  let cancels = 0;
  const source: ProviderEventSource<Event> = {
    events: {
      next: async () => {
        const value = events[index++];
        if (value !== undefined) return { done: false, value };
        return tail ? tail() : { done: true, value: undefined };
      },
    },
    cancel: () => {
      cancels++;
    },
  };
  return { source, cancels: () => cancels };
}

/** Text parts; finishes at `stop`, truncated without it. */
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

async function collect(stream: ReadableStream<LanguageModelV4StreamPart>) {
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const fail = (error: unknown) =>
  ProviderError.isInstance(error)
    ? error
    : callFailure(call, { kind: 'transient', code: 'connection_error', message: String(error) });

describe('providerStream', () => {
  it('writes stream-start, the parts and one finish, and stops reading at the end marker', async () => {
    const { source, cancels } = sourceOf([{ text: 'a' }, { text: 'b', stop: true }, { text: 'never' }]);
    const parts = await collect(providerStream({ source, decoder: decoder(), call, fail, warnings: [] }));
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(cancels()).toBe(1);
  });

  it('stops a source that can finish with finish, not cancel, at the end marker (the connection is kept)', async () => {
    const { source, cancels } = sourceOf([{ text: 'a', stop: true }]);
    let finishes = 0;
    const finishing = { ...source, finish: () => void finishes++ };
    const parts = await collect(
      providerStream({ source: finishing, decoder: decoder(), call, fail, warnings: [] }),
    );
    expect(parts.at(-1)?.type).toBe('finish');
    expect({ finishes, cancels: cancels() }).toEqual({ finishes: 1, cancels: 0 });
  });

  it('ends a body without the end marker with an error part, never a finish', async () => {
    const { source } = sourceOf([{ text: 'a' }]);
    const parts = await collect(providerStream({ source, decoder: decoder(), call, fail, warnings: [] }));
    expect(parts.map((part) => part.type)).toEqual([
      'stream-start',
      'text-start',
      'text-delta',
      'text-end',
      'error',
    ]);
    const last = parts.at(-1);
    expect(last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure.code).toBe(
      'stream_truncated',
    );
  });

  it('turns an in-stream error and a read failure into one error part', async () => {
    const inStream = await collect(
      providerStream({
        source: sourceOf([{ text: 'a' }, { fail: true }]).source,
        decoder: decoder(),
        call,
        fail,
        warnings: [],
      }),
    );
    expect(inStream.at(-1)).toMatchObject({ type: 'error' });
    expect(inStream.filter((part) => part.type === 'error')).toHaveLength(1);
    const broken = sourceOf([], async () => {
      throw new TypeError('terminated');
    });
    const parts = await collect(
      providerStream({ source: broken.source, decoder: decoder(), call, fail, warnings: [] }),
    );
    const last = parts.at(-1);
    expect(last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure.message).toBe(
      'TypeError: terminated',
    );
  });

  it('reports an aborted call by its reason: a timeout is a timeout', async () => {
    const controller = new AbortController();
    const source = sourceOf([{ text: 'a' }], async () => {
      controller.abort(new DOMException('late', 'TimeoutError'));
      throw new DOMException('aborted', 'AbortError');
    });
    const parts = await collect(
      providerStream({
        source: source.source,
        decoder: decoder(),
        call,
        fail,
        warnings: [],
        signal: controller.signal,
      }),
    );
    const last = parts.at(-1);
    expect(last?.type === 'error' && ProviderError.isInstance(last.error) && last.error.failure.kind).toBe(
      'timeout',
    );
  });

  it('emits raw parts when asked, and closes the connection when the reader cancels', async () => {
    const { source, cancels } = sourceOf([{ text: 'a' }], () => new Promise(() => {}));
    const stream = providerStream({
      source,
      decoder: decoder(),
      call,
      fail,
      warnings: [],
      includeRawChunks: true,
    });
    const reader = stream.getReader();
    expect((await reader.read()).value?.type).toBe('stream-start');
    expect((await reader.read()).value).toEqual({ type: 'raw', rawValue: { text: 'a' } });
    await reader.cancel();
    expect(cancels()).toBe(1);
  });
});
