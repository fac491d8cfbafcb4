import { type DecisionRecord, DecisionRecordSchema } from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { providerFailure, scriptedModel } from '@switchyard/router/test';
import { generateText, isStepCount, Output, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const targets = [
  {
    id: 'hosted',
    provider: 'openai',
    model: 'gpt-5.4',
    hostedIn: 'US',
    origin: 'US',
    weights: 'closed',
    contextWindow: 100_000,
    capabilities: ['tools', 'json'],
    tags: ['frontier'],
  },
  {
    id: 'eu',
    provider: 'mistral',
    model: 'mistral-large',
    hostedIn: 'FR',
    origin: 'FR',
    weights: 'open',
    contextWindow: 100_000,
    capabilities: ['tools', 'json'],
  },
  {
    id: 'local',
    provider: 'ollama',
    model: 'llama4',
    hostedIn: 'self',
    origin: 'US',
    weights: 'open',
    contextWindow: 100_000,
    capabilities: ['tools', 'json'],
    price: { input: 0, output: 0 },
  },
] as const;

function routerWith(steps: {
  hosted?: Parameters<typeof scriptedModel>[0]['steps'];
  eu?: Parameters<typeof scriptedModel>[0]['steps'];
  local?: Parameters<typeof scriptedModel>[0]['steps'];
}) {
  const sink = memorySink();
  const models = {
    hosted: scriptedModel({ provider: 'openai.chat', modelId: 'gpt-5.4', steps: steps.hosted ?? [] }),
    eu: scriptedModel({ provider: 'mistral.chat', modelId: 'mistral-large', steps: steps.eu ?? [] }),
    local: scriptedModel({ provider: 'ollama', modelId: 'llama4', steps: steps.local ?? [] }),
  };
  const router = createRouter({
    config: {
      targets: targets.map((target) => ({
        ...target,
        capabilities: [...target.capabilities],
        tags: 'tags' in target ? [...target.tags] : [],
      })),
      routes: { chat: { targets: ['hosted', 'eu'], lastResort: ['local'] } },
      policy: { packs: ['us-export-control-2026'] },
      defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
    },
    models,
    sinks: [sink],
    health: { maxRetries: 0 },
  });
  return { router, models, records: sink.records as readonly DecisionRecord[] };
}

describe('router with the AI SDK', () => {
  it('answers generateText from the next target when the first is cut off, with the record saying why', async () => {
    const { router, records } = routerWith({
      hosted: [
        {
          error: providerFailure({
            kind: 'cutoff',
            cutoffReason: 'region_blocked',
            scope: 'jurisdiction',
            status: 403,
            message: 'Country, region, or territory not supported',
          }),
        },
      ],
      eu: [{ text: 'Bonjour from the EU' }],
    });
    const result = await generateText({
      model: router.languageModel('chat'),
      prompt: 'Say hello',
      providerOptions: { switchyard: { jurisdiction: 'SG' } },
    });
    expect(result.text).toBe('Bonjour from the EU');
    expect(result.providerMetadata?.switchyard?.servedBy).toBe('eu');
    const record = DecisionRecordSchema.parse(records[0]);
    expect(
      record.attempts.map((attempt) => [attempt.targetId, attempt.failureKind, attempt.cutoffReason]),
    ).toEqual([
      ['hosted', 'cutoff', 'region_blocked'],
      ['eu', undefined, undefined],
    ]);
  });

  it('never sends a CN caller to the export-controlled frontier model (policy), falling to open weights', async () => {
    const { router, models } = routerWith({
      eu: [{ error: providerFailure({ kind: 'transient', status: 503, message: 'down' }) }],
      local: [{ text: 'local answer' }],
    });
    const result = await generateText({
      model: router.languageModel('chat'),
      prompt: 'Hi',
      providerOptions: { switchyard: { jurisdiction: 'CN' } },
    });
    expect(result.text).toBe('local answer');
    expect(models.hosted.calls).toHaveLength(0);
  });

  it('streams with streamText after a fallback before the first token, emitting the text once', async () => {
    const { router } = routerWith({
      hosted: [
        {
          text: 'lost words',
          streamErrorAfterWords: 0,
          error: providerFailure({ kind: 'transient', status: 500, message: 'boom' }),
        },
      ],
      eu: [{ text: 'streamed from the EU' }],
    });
    const result = streamText({ model: router.languageModel('chat'), prompt: 'Stream please' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    expect(text).toBe('streamed from the EU');
    expect((await result.providerMetadata)?.switchyard?.servedBy).toBe('eu');
  });

  it('runs a tool call round trip through the router', async () => {
    const { router, models } = routerWith({
      hosted: [
        { toolCall: { toolName: 'weather', input: { city: 'Paris' } } },
        { text: 'It is sunny in Paris' },
      ],
    });
    const result = await generateText({
      model: router.languageModel('chat'),
      prompt: 'Weather in Paris?',
      tools: {
        weather: tool({
          description: 'Weather of a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => ({ city, sky: 'sunny' }),
        }),
      },
      stopWhen: isStepCount(2),
    });
    expect(result.text).toBe('It is sunny in Paris');
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'Paris' } });
    expect(models.hosted.calls[0]?.tools?.[0]).toMatchObject({ type: 'function', name: 'weather' });
    expect(models.hosted.calls[1]?.prompt.some((message) => message.role === 'tool')).toBe(true);
  });

  it('returns structured output with Output.object', async () => {
    const { router, models } = routerWith({
      hosted: [{ text: JSON.stringify({ name: 'Switchyard', stars: 5 }) }],
    });
    const result = await generateText({
      model: router.languageModel('chat'),
      prompt: 'Rate it',
      output: Output.object({ schema: z.object({ name: z.string(), stars: z.number() }) }),
    });
    expect(result.output).toEqual({ name: 'Switchyard', stars: 5 });
    expect(models.hosted.calls[0]?.responseFormat).toMatchObject({ type: 'json' });
  });

  it('ends a stream the caller aborts as an abort (onAbort, an abort part), not as an error, and records it', async () => {
    const { router, records, models } = routerWith({});
    // A stream that sends one word, then waits until the call is aborted (as a provider's body does).
    models.hosted.doStream = async (callOptions) => ({
      stream: new ReadableStream({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
          controller.enqueue({ type: 'text-start', id: 't' });
          controller.enqueue({ type: 'text-delta', id: 't', delta: 'Hello ' });
          callOptions.abortSignal?.addEventListener('abort', () =>
            controller.error(callOptions.abortSignal?.reason),
          );
        },
      }),
    });
    const controller = new AbortController();
    const errors: unknown[] = [];
    let aborted = false;
    const result = streamText({
      model: router.languageModel('chat'),
      prompt: 'Hi',
      abortSignal: controller.signal,
      onError: ({ error }) => {
        errors.push(error);
      },
      onAbort: () => {
        aborted = true;
      },
    });
    const types: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') controller.abort();
    }
    expect(errors).toEqual([]);
    expect(aborted).toBe(true);
    expect(types.at(-1)).toBe('abort');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ outcome: 'failed', error: { code: 'SWITCHYARD_ABORTED' } });
    expect(records[0]?.attempts[0]).toMatchObject({
      targetId: 'hosted',
      outcome: 'aborted',
      deliveredChars: 6,
    });
  });

  it('rejects generateText the caller aborts with an abort (named AbortError), once, with its record', async () => {
    const { router, records } = routerWith({ hosted: [{ hang: true }] });
    const controller = new AbortController();
    const pending = generateText({
      model: router.languageModel('chat'),
      prompt: 'Hi',
      abortSignal: controller.signal,
    });
    const reason = new Error('user left');
    controller.abort(reason);
    const error = await pending.catch((caught: unknown) => caught);
    // The AI SDK does not retry an abort (it tells one by its name): the router's error, as thrown.
    expect(error).toMatchObject({ name: 'AbortError', code: 'SWITCHYARD_ABORTED', cause: reason });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ servedBy: null, error: { code: 'SWITCHYARD_ABORTED' } });
  });
});
