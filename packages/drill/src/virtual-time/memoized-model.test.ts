import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoizedModel } from './memoized-model.js';

afterEach(() => {
  vi.useRealTimers();
});

interface Answer {
  content: LanguageModelV4Content[];
  finishReason: LanguageModelV4FinishReason;
  outputTokens: number;
  error?: boolean;
}

const stop: LanguageModelV4FinishReason = { unified: 'stop', raw: 'eogToken' };
const text = (value: string): Answer => ({
  content: [{ type: 'text', text: value }],
  finishReason: stop,
  outputTokens: 3,
});

/** A model that counts its calls and answers what `answerOf` says, after `gate` (default: at once). */
function countingModel(answerOf: (call: LanguageModelV4CallOptions, index: number) => Answer) {
  const calls: LanguageModelV4CallOptions[] = [];
  const gates: (() => void)[] = [];
  let gated = false;
  const usageOf = (answer: Answer) => ({
    inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: undefined },
    outputTokens: { total: answer.outputTokens, text: answer.outputTokens, reasoning: undefined },
  });
  const wait = () => (gated ? new Promise<void>((resolve) => gates.push(resolve)) : Promise.resolve());
  const model: LanguageModelV4 = {
    specificationVersion: 'v4',
    provider: 'llama-cpp',
    modelId: 'tiny.gguf',
    supportedUrls: {},
    async doGenerate(call) {
      const answer = answerOf(call, calls.push(call) - 1);
      await wait();
      return {
        content: answer.content,
        finishReason: answer.finishReason,
        usage: usageOf(answer),
        warnings: [],
        response: { modelId: 'tiny.gguf', timestamp: new Date(0) },
      };
    },
    async doStream(call) {
      const answer = answerOf(call, calls.push(call) - 1);
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', modelId: 'tiny.gguf', timestamp: new Date(0) },
        { type: 'text-start', id: '0' },
        ...answer.content.map((part) => ({
          type: 'text-delta' as const,
          id: '0',
          delta: part.type === 'text' ? part.text : '',
        })),
        { type: 'text-end', id: '0' },
        answer.error
          ? { type: 'error', error: new Error('cut') }
          : { type: 'finish', finishReason: answer.finishReason, usage: usageOf(answer) },
      ];
      return {
        stream: new ReadableStream<LanguageModelV4StreamPart>({
          async pull(controller) {
            await wait();
            const part = parts.shift();
            if (part === undefined) controller.close();
            else controller.enqueue(part);
          },
        }),
      };
    },
  };
  return {
    model,
    calls,
    gate: () => {
      gated = true;
    },
    open: () => {
      gated = false;
      for (const resolve of gates.splice(0)) resolve();
    },
  };
}

const call = (
  prompt: string,
  more: Partial<LanguageModelV4CallOptions> = {},
): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
  maxOutputTokens: 100,
  ...more,
});

async function readAll(
  stream: ReadableStream<LanguageModelV4StreamPart>,
): Promise<LanguageModelV4StreamPart[]> {
  const parts: LanguageModelV4StreamPart[] = [];
  const reader = stream.getReader();
  for (;;) {
    const next = await reader.read();
    if (next.done) return parts;
    parts.push(next.value);
  }
}

describe('memoizedModel', () => {
  it('answers a repeated call from memory with the same content and usage and a fresh timestamp', async () => {
    const inner = countingModel((_, index) => text(`answer ${index}`));
    const model = memoizedModel(inner.model);
    const first = await model.doGenerate(call('hello'));
    const again = await model.doGenerate(call('hello'));
    const other = await model.doGenerate(call('other'));
    expect(inner.calls).toHaveLength(2);
    expect(again.content).toEqual(first.content);
    expect(again.usage).toEqual(first.usage);
    expect(again.response?.timestamp).not.toBe(first.response?.timestamp);
    expect(other.content).toEqual([{ type: 'text', text: 'answer 1' }]);
  });

  it('keys on every model input but the router context, the signal and the headers', async () => {
    const inner = countingModel((_, index) => text(`answer ${index}`));
    const model = memoizedModel(inner.model);
    await model.doGenerate(call('hi', { providerOptions: { switchyard: { jurisdiction: 'CN' } } }));
    await model.doGenerate(
      call('hi', {
        providerOptions: { switchyard: { jurisdiction: 'RU' } },
        abortSignal: new AbortController().signal,
        headers: { 'x-a': 'b' },
      }),
    );
    expect(inner.calls).toHaveLength(1);
    await model.doGenerate(call('hi', { temperature: 0.5 }));
    await model.doGenerate(call('hi', { providerOptions: { 'llama-cpp': { topK: 3 } } }));
    expect(inner.calls).toHaveLength(3);
  });

  it('reuses an answer under another token cap only when it stopped by itself below both caps', async () => {
    const inner = countingModel((current) =>
      current.maxOutputTokens === 3
        ? { ...text('abc'), finishReason: { unified: 'length', raw: 'maxTokens' } }
        : text('abc'),
    );
    const model = memoizedModel(inner.model);
    await model.doGenerate(call('p', { maxOutputTokens: 100 }));
    await model.doGenerate(call('p', { maxOutputTokens: 50 })); // stopped at 3 tokens: the same answer
    expect(inner.calls).toHaveLength(1);
    await model.doGenerate(call('p', { maxOutputTokens: 4 })); // 3 + 1 is not below 4: asked again
    expect(inner.calls).toHaveLength(2);
    await model.doGenerate(call('q', { maxOutputTokens: 3 })); // cut at the cap...
    await model.doGenerate(call('q', { maxOutputTokens: 80 })); // ...says nothing of a larger cap
    expect(inner.calls).toHaveLength(4);
    await model.doGenerate(call('q', { maxOutputTokens: 80 }));
    expect(inner.calls).toHaveLength(4);
  });

  it('never replays a tool call without a toolCallId, nor a call whose signal is already aborted', async () => {
    const inner = countingModel(() => ({
      content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{}' }],
      finishReason: { unified: 'tool-calls', raw: 'functionCalls' },
      outputTokens: 5,
    }));
    const model = memoizedModel(inner.model);
    await model.doGenerate(call('t'));
    await model.doGenerate(call('t'));
    expect(inner.calls).toHaveLength(2);

    const plain = countingModel(() => text('x'));
    const memo = memoizedModel(plain.model);
    await memo.doGenerate(call('a'));
    const aborted = new AbortController();
    aborted.abort();
    await memo.doGenerate(call('a', { abortSignal: aborted.signal }));
    expect(plain.calls).toHaveLength(2);
  });

  it('replays a generated tool call with a fresh id from toolCallId, under any cap it fits', async () => {
    const inner = countingModel(() => ({
      content: [{ type: 'tool-call', toolCallId: 'call_model_0', toolName: 'lookup', input: '{"id":"7"}' }],
      finishReason: { unified: 'tool-calls', raw: 'functionCall' },
      outputTokens: 5,
    }));
    let made = 0;
    const model = memoizedModel(inner.model, { toolCallId: (index) => `fresh_${made++}_${index}` });
    const first = await model.doGenerate(call('t', { maxOutputTokens: 100 }));
    // A whole tool call ends the answer by itself: a call capped at 50 gets the same answer.
    const again = await model.doGenerate(call('t', { maxOutputTokens: 50 }));
    const third = await model.doGenerate(call('t', { maxOutputTokens: 100 }));
    expect(inner.calls).toHaveLength(1);
    expect(first.content).toEqual([
      { type: 'tool-call', toolCallId: 'call_model_0', toolName: 'lookup', input: '{"id":"7"}' },
    ]);
    expect(again.content).toEqual([
      { type: 'tool-call', toolCallId: 'fresh_0_0', toolName: 'lookup', input: '{"id":"7"}' },
    ]);
    expect(third.content[0]).toMatchObject({ toolCallId: 'fresh_1_0' });
    // Capped too close to what it wrote, the call goes to the model.
    await model.doGenerate(call('t', { maxOutputTokens: 6 }));
    expect(inner.calls).toHaveLength(2);
  });

  it('replays a streamed tool call with one fresh id per call in every part that names it', async () => {
    const toolCall = (id: string, input: string): LanguageModelV4StreamPart[] => [
      { type: 'tool-input-start', id, toolName: 'lookup' },
      { type: 'tool-input-delta', id, delta: input },
      { type: 'tool-input-end', id },
      { type: 'tool-call', toolCallId: id, toolName: 'lookup', input },
    ];
    let calls = 0;
    const inner: LanguageModelV4 = {
      specificationVersion: 'v4',
      provider: 'llama-cpp',
      modelId: 'tiny.gguf',
      supportedUrls: {},
      doGenerate: () => Promise.reject(new Error('not used')),
      async doStream() {
        calls++;
        const parts: LanguageModelV4StreamPart[] = [
          { type: 'stream-start', warnings: [] },
          { type: 'text-start', id: 'txt' },
          { type: 'text-delta', id: 'txt', delta: 'Looking.' },
          { type: 'text-end', id: 'txt' },
          ...toolCall('call_a_0', '{"id":"1"}'),
          ...toolCall('call_b_1', '{"id":"2"}'),
          {
            type: 'finish',
            finishReason: { unified: 'tool-calls', raw: 'functionCall' },
            usage: {
              inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: undefined },
              outputTokens: { total: 12, text: 12, reasoning: undefined },
            },
          },
        ];
        return {
          stream: new ReadableStream<LanguageModelV4StreamPart>({
            pull(controller) {
              const part = parts.shift();
              if (part === undefined) controller.close();
              else controller.enqueue(part);
            },
          }),
        };
      },
    };
    const model = memoizedModel(inner, { toolCallId: (index) => `fresh_${index}` });
    const first = await readAll((await model.doStream(call('t'))).stream);
    const again = await readAll((await model.doStream(call('t'))).stream);
    expect(calls).toBe(1);
    const idOf = (part: LanguageModelV4StreamPart) =>
      part.type === 'tool-call' ? part.toolCallId : 'id' in part ? part.id : undefined;
    expect(first.map(idOf)).toEqual([
      undefined,
      ...['txt', 'txt', 'txt'],
      ...['call_a_0', 'call_a_0', 'call_a_0', 'call_a_0'],
      ...['call_b_1', 'call_b_1', 'call_b_1', 'call_b_1'],
      undefined,
    ]);
    expect(again.map(idOf)).toEqual([
      undefined,
      ...['txt', 'txt', 'txt'],
      ...['fresh_0', 'fresh_0', 'fresh_0', 'fresh_0'],
      ...['fresh_1', 'fresh_1', 'fresh_1', 'fresh_1'],
      undefined,
    ]);
    // Everything but the ids is the model's answer.
    const withoutIds = (parts: LanguageModelV4StreamPart[]) =>
      parts.map((part) => ({ ...part, id: undefined, toolCallId: undefined }));
    expect(withoutIds(again)).toEqual(withoutIds(first));
  });

  it('replays a finished stream part by part, never one that ended in an error', async () => {
    const inner = countingModel((current) =>
      JSON.stringify(current.prompt).includes('bad') ? { ...text('no'), error: true } : text('yes'),
    );
    const model = memoizedModel(inner.model);
    const first = await readAll((await model.doStream(call('s'))).stream);
    const again = await readAll((await model.doStream(call('s'))).stream);
    expect(inner.calls).toHaveLength(1);
    expect(again.map((part) => part.type)).toEqual(first.map((part) => part.type));
    expect(again.at(-1)).toEqual(first.at(-1));
    expect(again[3]).toEqual({ type: 'text-delta', id: '0', delta: 'yes' });
    await readAll((await model.doStream(call('bad'))).stream);
    await readAll((await model.doStream(call('bad'))).stream);
    expect(inner.calls).toHaveLength(3);
    // A generated answer and a streamed one are kept apart.
    await model.doGenerate(call('s'));
    expect(inner.calls).toHaveLength(4);
  });

  it('never lets an answer from memory overtake a call that came before it', async () => {
    const inner = countingModel((_, index) => text(`answer ${index}`));
    const model = memoizedModel(inner.model);
    await model.doGenerate(call('known'));
    inner.gate();
    const order: string[] = [];
    const slow = model.doGenerate(call('new')).then(() => order.push('new'));
    const known = model.doGenerate(call('known')).then(() => order.push('known'));
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    inner.open();
    await Promise.all([slow, known]);
    expect(order).toEqual(['new', 'known']);
  });

  it('lets the next call start when the model ends a stream, even if its caller stopped reading', async () => {
    const inner = countingModel((_, index) => text(`answer ${index}`));
    const model = memoizedModel(inner.model);
    const { stream } = await model.doStream(call('one'));
    const reader = stream.getReader();
    await reader.read(); // then never again, never cancelled
    const next = await model.doGenerate(call('two'));
    expect(next.content).toEqual([{ type: 'text', text: 'answer 1' }]);
  });

  it("refuses a call past the model's capacity (running and queued) exactly as the model would, hits included", async () => {
    // One instant of the clock (a drill's virtual time): the model's compute takes none.
    vi.useFakeTimers({ toFake: ['Date'] });
    const inner = countingModel((_, index) => text(`answer ${index}`));
    const full = new Error('bulkhead_full');
    const model = memoizedModel(inner.model, { capacity: () => 3, whenFull: () => full });
    await model.doGenerate(call('seen'));
    inner.gate();
    // One running, two waiting (one of them answered from memory later): the model is at capacity.
    const running = model.doGenerate(call('a'));
    const waiting = [model.doGenerate(call('seen')), model.doGenerate(call('b'))];
    await expect(model.doGenerate(call('c'))).rejects.toBe(full);
    await expect(model.doStream(call('seen'))).rejects.toBe(full);
    inner.open();
    await Promise.all([running, ...waiting]);
    // Room again once they are done.
    expect((await model.doGenerate(call('seen'))).content).toEqual([{ type: 'text', text: 'answer 0' }]);
    expect(inner.calls).toHaveLength(3);
  });

  it('counts against the capacity only the calls that came at the same instant: earlier ones have ended, virtually', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const inner = countingModel((_, index) => text(`answer ${index}`));
    const full = new Error('bulkhead_full');
    const model = memoizedModel(inner.model, { capacity: () => 1, whenFull: () => full });
    inner.gate();
    const first = model.doGenerate(call('a'));
    await expect(model.doGenerate(call('b'))).rejects.toBe(full);
    // A millisecond later the first call's compute still runs (in real time), but not in virtual time.
    vi.advanceTimersByTime(1);
    const later = model.doGenerate(call('b'));
    inner.open();
    expect((await first).content).toEqual([{ type: 'text', text: 'answer 0' }]);
    expect((await later).content).toEqual([{ type: 'text', text: 'answer 1' }]);
  });
});
