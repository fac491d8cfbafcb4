import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { type ClassifiedFailure, ProviderError } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import { type FixtureAnswer, type FixtureBody, fixtureFetch } from '@switchyard/simulators';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Hostile bodies, for every adapter, in generate and stream mode: each one is
 * a classified `ProviderError` with a readable message (never a raw
 * `TypeError`, a hang or a crash). Bounded in time: the bodies are produced in
 * process (an endless one only as far as it is read), and the silent one is
 * ended by an abort on a fake clock.
 */
type Mode = 'generate' | 'stream';
type AdapterName = 'openai' | 'anthropic' | 'ollama';

const adapters: Record<
  AdapterName,
  (fetch: typeof globalThis.fetch, maxResponseBytes?: number) => LanguageModelV4
> = {
  openai: (fetch, maxResponseBytes) =>
    createOpenAI({
      apiKey: 'sk-test',
      baseURL: 'http://hostile.invalid/v1',
      fetch,
      ...(maxResponseBytes ? { maxResponseBytes } : {}),
    })('gpt-test'),
  anthropic: (fetch, maxResponseBytes) =>
    createAnthropic({
      apiKey: 'sk-ant-test',
      baseURL: 'http://hostile.invalid',
      fetch,
      ...(maxResponseBytes ? { maxResponseBytes } : {}),
    })('claude-test'),
  ollama: (fetch, maxResponseBytes) =>
    createOllama({
      baseURL: 'http://hostile.invalid:11434',
      fetch,
      ...(maxResponseBytes ? { maxResponseBytes } : {}),
    })('llama3.2'),
};

/** The content type a stream of each adapter comes with. */
const streamType: Record<AdapterName, string> = {
  openai: 'text/event-stream',
  anthropic: 'text/event-stream',
  ollama: 'application/x-ndjson',
};

const mib = 1024 * 1024;
const html =
  '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><p>Checking your browser</p></body></html>';
const badGateway =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** `count` MiB of `fill` after `head`, or forever. */
function repeated(head: string, fill: string, count = Infinity): FixtureBody {
  return function* () {
    yield new TextEncoder().encode(head);
    const chunk = new TextEncoder().encode(fill.repeat(Math.ceil(mib / fill.length)));
    for (let sent = 0; sent < count; sent++) yield chunk;
  };
}

interface HostileCase {
  readonly name: string;
  /** The answer, by adapter and mode. */
  answer(adapter: AdapterName, mode: Mode): FixtureAnswer;
  /** What the failure must be. */
  readonly failure: Partial<Omit<ClassifiedFailure, 'message'>> & { message?: RegExp };
  readonly maxResponseBytes?: number;
}

const cases: HostileCase[] = [
  {
    name: 'truncated JSON',
    answer: (adapter, mode) =>
      mode === 'generate'
        ? {
            headers: { 'content-type': 'application/json' },
            body: '{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Hel',
          }
        : adapter === 'ollama'
          ? {
              headers: { 'content-type': streamType.ollama },
              body: '{"model":"llama3.2","message":{"content":"Hel',
            }
          : {
              headers: { 'content-type': 'text/event-stream' },
              body: 'data: {"type":"message_start","id":"x","choices":[{"ind\n\n',
            },
    failure: { kind: 'transient', code: 'malformed_response', message: /JSON|json/ },
  },
  {
    name: 'an HTML page with status 200',
    answer: () => ({ headers: { 'content-type': 'text/html; charset=UTF-8' }, body: html }),
    failure: { kind: 'transient', code: 'malformed_response', message: /HTML page: Just a moment\.\.\./ },
  },
  {
    name: 'an HTML error page with status 502',
    answer: () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: badGateway }),
    failure: { kind: 'transient', status: 502, message: /HTML page: 502 Bad Gateway/ },
  },
  {
    name: 'an empty body with status 200',
    answer: (adapter, mode) => ({
      headers: { 'content-type': mode === 'generate' ? 'application/json' : streamType[adapter] },
      body: '',
    }),
    failure: { kind: 'transient', message: /empty|without|done/ },
  },
  {
    name: 'an empty body with status 500',
    answer: () => ({ status: 500, headers: { 'content-type': 'application/json' }, body: '' }),
    failure: { kind: 'transient', status: 500, message: /^500 status code \(no body\)$/ },
  },
  {
    name: 'garbage lines',
    answer: (adapter, mode) => ({
      headers: { 'content-type': mode === 'generate' ? 'application/json' : streamType[adapter] },
      body: 'Lorem ipsum\n%%%% not an event %%%%\n\u0000\u0001binary\n',
    }),
    failure: { kind: 'transient', code: 'malformed_response' },
  },
  {
    name: 'a 64 MiB body',
    answer: (adapter, mode) =>
      mode === 'generate'
        ? { headers: { 'content-type': 'application/json' }, body: repeated('{"padding":"', 'x', 64) }
        : {
            headers: { 'content-type': streamType[adapter] },
            body: repeated('', adapter === 'ollama' ? ' ' : ': keep-alive\n\n', 64),
          },
    failure: { kind: 'transient', code: 'response_too_large', message: /longer than 32 MiB/ },
  },
  {
    name: 'a stream that never ends',
    answer: (adapter, mode) =>
      mode === 'generate'
        ? { headers: { 'content-type': 'application/json' }, body: repeated('[', ' ') }
        : {
            headers: { 'content-type': streamType[adapter] },
            body: repeated('', adapter === 'ollama' ? ' ' : ': keep-alive\n\n'),
          },
    maxResponseBytes: 4 * mib,
    failure: { kind: 'transient', code: 'response_too_large', message: /longer than 4 MiB/ },
  },
];

const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

/** The failure a call ends with, in either mode; fails the test on anything but a classified error. */
async function outcome(model: LanguageModelV4, mode: Mode, signal?: AbortSignal): Promise<ClassifiedFailure> {
  const options = signal === undefined ? ask : { ...ask, abortSignal: signal };
  let error: unknown;
  if (mode === 'generate') {
    error = await Promise.resolve(model.doGenerate(options)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
  } else {
    try {
      const { stream } = await model.doStream(options);
      const parts: LanguageModelV4StreamPart[] = [];
      for await (const part of stream) parts.push(part);
      expect(parts.filter((part) => part.type === 'finish')).toEqual([]);
      const last = parts.at(-1);
      error = last?.type === 'error' ? last.error : undefined;
    } catch (thrown) {
      error = thrown;
    }
  }
  if (!ProviderError.isInstance(error))
    throw new Error(`expected a classified ProviderError, got ${String(error)}`);
  return error.failure;
}

function expectReadable(failure: ClassifiedFailure): void {
  expect(failure.message.length).toBeLessThan(500);
  expect(failure.message).not.toMatch(/<\/?[a-z]+[\s>]/i);
  expect(failure.message).not.toMatch(/Cannot read|is not iterable|undefined \(reading/);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('hostile bodies', () => {
  describe.each(Object.keys(adapters) as AdapterName[])('%s', (adapter) => {
    describe.each(['generate', 'stream'] as const)('%s', (mode) => {
      it.each(cases)('classifies $name', async (hostile) => {
        const { fetch } = fixtureFetch(hostile.answer(adapter, mode));
        const failure = await outcome(adapters[adapter](fetch, hostile.maxResponseBytes), mode);
        const { message, ...rest } = hostile.failure;
        expect(failure).toMatchObject(rest);
        if (message !== undefined) expect(failure.message).toMatch(message);
        expectReadable(failure);
      });

      it('ends a body that never sends anything when the call times out (fake clock)', async () => {
        vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
        const silent: FixtureBody = () => ({
          [Symbol.asyncIterator]: () => ({ next: () => new Promise<never>(() => {}) }),
        });
        const { fetch } = fixtureFetch({
          headers: { 'content-type': mode === 'generate' ? 'application/json' : streamType[adapter] },
          body: silent,
        });
        const controller = new AbortController();
        setTimeout(() => controller.abort(new DOMException('the attempt timed out', 'TimeoutError')), 30_000);
        const pending = outcome(adapters[adapter](fetch), mode, controller.signal);
        await vi.advanceTimersByTimeAsync(30_000);
        const failure = await pending;
        expect(failure).toMatchObject({ kind: 'timeout' });
        expectReadable(failure);
      });
    });
  });
});
