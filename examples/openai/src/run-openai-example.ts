import { ProviderError, type SwitchyardConfigInput } from '@switchyard/core';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, memorySink } from '@switchyard/router';
import { startSimulator } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';

/** Two OpenAI models on one route: the larger first, the smaller as the fallback. */
const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'gpt-4o',
      provider: 'openai',
      model: 'gpt-4o',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
      price: { input: 2.5, output: 10 },
    },
    {
      id: 'gpt-4o-mini',
      provider: 'openai',
      model: 'gpt-4o-mini',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 128_000,
      price: { input: 0.15, output: 0.6 },
    },
  ],
  routes: { chat: { targets: ['gpt-4o', 'gpt-4o-mini'] } },
  policy: { id: 'allow-all', defaultEffect: 'allow' },
};

/** The header the simulator reads the caller's country from (a real API sees the caller's IP). */
const callerHeader = 'x-switchyard-caller-country';

/**
 * Points the OpenAI adapter at a loopback OpenAI simulator (no key, no
 * internet) and runs:
 * 1. `generateText` and `streamText` on the adapter directly, with usage;
 * 2. a request that meets an exhausted quota, to show its classification;
 * 3. `generateText` and `streamText` through a router, while `gpt-4o`
 *    region-blocks callers from Singapore: the first request is answered by
 *    `gpt-4o-mini` after the cut-off, the second skips `gpt-4o` altogether.
 *
 * @returns the lines it printed.
 */
export async function runOpenAIExample(): Promise<{ lines: string[] }> {
  const lines: string[] = [];
  const simulator = await startSimulator({ kind: 'openai', models: ['gpt-4o', 'gpt-4o-mini'] });
  // In production: createOpenAI() reads OPENAI_API_KEY (and OPENAI_BASE_URL).
  const openai = createOpenAI({ apiKey: 'sk-demo', baseURL: simulator.baseURL });
  const sink = memorySink();
  const router = createRouter({
    config,
    models: { 'gpt-4o': openai('gpt-4o'), 'gpt-4o-mini': openai('gpt-4o-mini') },
    sinks: [sink],
  });
  try {
    const generated = await generateText({ model: openai('gpt-4o'), prompt: 'Name a prime number' });
    lines.push(
      `generateText: ${generated.text} (${generated.usage.inputTokens} input, ${generated.usage.outputTokens} output tokens, finish ${generated.finishReason})`,
    );

    const streamed = streamText({ model: openai('gpt-4o'), prompt: 'Stream a haiku' });
    let text = '';
    let deltas = 0;
    for await (const delta of streamed.textStream) {
      text += delta;
      deltas++;
    }
    lines.push(`streamText:   ${text} (${deltas} deltas, finish ${await streamed.finishReason})`);

    simulator.addFault({ fault: { type: 'quota_exhausted' }, times: 1 });
    try {
      await generateText({ model: openai('gpt-4o'), prompt: 'Anything', maxRetries: 0 });
    } catch (error) {
      const failure = ProviderError.isInstance(error) ? error.failure : undefined;
      lines.push(
        `quota:        ${failure?.kind} ${failure?.cutoffReason} (${failure?.status} ${failure?.code}), requests sent: ${simulator.requests.filter((request) => request.status === 429).length}`,
      );
    }

    simulator.addFault({ fault: { type: 'region_block' }, model: 'gpt-4o', callers: ['SG'] });
    const chat = router.languageModel('chat');
    const call = {
      model: chat,
      headers: { [callerHeader]: 'SG' },
      providerOptions: { switchyard: { jurisdiction: 'SG' } },
    };
    const routed = await generateText({ ...call, prompt: 'Hello from Singapore' });
    lines.push(`router SG generateText: ${routed.text} served by ${servedBy(routed.providerMetadata)}`);
    const routedStream = streamText({ ...call, prompt: 'Stream to Singapore' });
    let routedText = '';
    for await (const delta of routedStream.textStream) routedText += delta;
    lines.push(
      `router SG streamText:   ${routedText} served by ${servedBy(await routedStream.providerMetadata)}`,
    );
    for (const record of sink.records) {
      const attempts = record.attempts.map(
        (attempt) =>
          `${attempt.targetId}:${[attempt.failureKind ?? attempt.outcome, attempt.cutoffReason].filter(Boolean).join('/')}`,
      );
      const skipped = record.skipped.map((skip) => `${skip.targetId}:${skip.reason}`);
      lines.push(
        `record ${record.operation}: served by ${record.servedBy}, attempts [${attempts.join(' ')}], skipped [${skipped.join(' ')}]`,
      );
    }
    return { lines };
  } finally {
    await router.close();
    await simulator.stop();
  }
}

function servedBy(metadata: unknown): string {
  const switchyard = (metadata as { switchyard?: { servedBy?: string } } | undefined)?.switchyard;
  return switchyard?.servedBy ?? 'unknown';
}
