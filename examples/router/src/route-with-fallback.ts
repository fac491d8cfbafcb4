import type { SwitchyardConfigInput } from '@switchyard/core';
import { createRouter, memorySink } from '@switchyard/router';
import { providerFailure, scriptedModel } from '@switchyard/router/test';
import { generateText, streamText } from 'ai';

/**
 * Three targets on one route: a hosted frontier model, an EU-hosted model,
 * and local open weights as the last resort. The models are scripted
 * stand-ins (any AI SDK `LanguageModelV4` works the same way; see the
 * openai, anthropic and ollama examples for real SDKs over the simulators).
 */
const config: SwitchyardConfigInput = {
  targets: [
    {
      id: 'frontier',
      provider: 'openai',
      model: 'gpt-5.4',
      hostedIn: 'US',
      origin: 'US',
      weights: 'closed',
      contextWindow: 400_000,
      price: { input: 2.5, output: 15 },
    },
    {
      id: 'eu',
      provider: 'mistral',
      model: 'mistral-large',
      hostedIn: 'FR',
      origin: 'FR',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 2, output: 6 },
    },
    {
      id: 'local',
      provider: 'ollama',
      model: 'llama4',
      hostedIn: 'self',
      origin: 'US',
      weights: 'open',
      contextWindow: 128_000,
      price: { input: 0, output: 0 },
    },
  ],
  routes: { chat: { targets: ['frontier', 'eu'], lastResort: ['local'] } },
  defaults: { context: { jurisdiction: 'US', dataClass: 'internal' } },
};

/** What the example printed, line by line, and the decision records it left. */
export interface RouteWithFallbackResult {
  lines: string[];
  records: ReturnType<typeof memorySink>['records'];
}

/**
 * Runs three requests through the `chat` route:
 * 1. a DE caller: the frontier model answers;
 * 2. an SG caller: the frontier model region-blocks SG (a cut-off, never
 *    retried); the router quarantines it for SG and the EU model answers;
 * 3. an SG caller, streaming: the frontier model is skipped (cut off for
 *    SG), the EU model returns 503 (retried once, then given up), and the
 *    local open weights answer.
 */
export async function routeWithFallback(): Promise<RouteWithFallbackResult> {
  const lines: string[] = [];
  const sink = memorySink();
  const router = createRouter({
    config,
    models: {
      frontier: scriptedModel({
        provider: 'openai.chat',
        modelId: 'gpt-5.4',
        steps: [
          { text: 'Guten Tag from the frontier model.' },
          {
            error: providerFailure(
              {
                kind: 'cutoff',
                cutoffReason: 'region_blocked',
                scope: 'jurisdiction',
                status: 403,
                code: 'unsupported_country_region_territory',
                message: 'Country, region, or territory not supported',
              },
              'openai',
              'gpt-5.4',
            ),
          },
        ],
      }),
      eu: scriptedModel({
        provider: 'mistral.chat',
        modelId: 'mistral-large',
        steps: [
          { text: 'Hello Singapore from the EU model.' },
          { error: providerFailure({ kind: 'transient', status: 503, message: 'Service Unavailable' }) },
          { error: providerFailure({ kind: 'transient', status: 503, message: 'Service Unavailable' }) },
        ],
      }),
      local: scriptedModel({
        provider: 'ollama.chat',
        modelId: 'llama4',
        steps: [{ text: 'Local open weights keep answering.' }],
      }),
    },
    // Small backoffs so the example runs at once; the defaults are in `healthDefaults`.
    health: { maxRetries: 1, initialBackoffMs: 1, maxBackoffMs: 2 },
    sinks: [sink],
  });
  router.on('target-cut-off', (event) => {
    lines.push(
      `  ! ${event.targetId} cut off for ${event.jurisdiction ?? 'every caller'}: ${event.failure.cutoffReason} (${event.failure.message})`,
    );
  });
  const chat = router.languageModel('chat');

  const german = await generateText({
    model: chat,
    prompt: 'Say hello',
    providerOptions: { switchyard: { jurisdiction: 'DE' } },
  });
  lines.push(`DE generateText: "${german.text}" served by ${servedBy(german.providerMetadata)}`);

  const singapore = await generateText({
    model: chat,
    prompt: 'Say hello',
    providerOptions: { switchyard: { jurisdiction: 'SG' } },
  });
  lines.push(`SG generateText: "${singapore.text}" served by ${servedBy(singapore.providerMetadata)}`);

  // The same context through AsyncLocalStorage instead of providerOptions.
  const streamed = await router.withContext({ jurisdiction: 'SG' }, async () => {
    const result = streamText({ model: chat, prompt: 'Say hello again' });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    return { text, metadata: await result.providerMetadata };
  });
  lines.push(`SG streamText:   "${streamed.text}" served by ${servedBy(streamed.metadata)}`);

  for (const record of sink.records) {
    const attempts = record.attempts
      .map((attempt) => `${attempt.targetId}:${attempt.failureKind ?? attempt.outcome}`)
      .join(' ');
    lines.push(
      `record ${record.context.jurisdiction} ${record.operation}: served by ${record.servedBy}, attempts [${attempts}], skipped [${record.skipped.map((skip) => `${skip.targetId}:${skip.reason}`).join(' ')}]`,
    );
  }
  await router.close();
  return { lines, records: sink.records };
}

function servedBy(metadata: unknown): string {
  const switchyard = (metadata as { switchyard?: { servedBy?: string } } | undefined)?.switchyard;
  return switchyard?.servedBy ?? 'unknown';
}
