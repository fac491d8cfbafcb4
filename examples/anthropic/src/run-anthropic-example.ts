import { createAnthropic } from '@switchyard/anthropic';
import { ProviderError } from '@switchyard/core';
import { startSimulator } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';

/** What the example printed, line by line. */
export interface AnthropicExampleResult {
  readonly lines: string[];
}

/**
 * Starts the Anthropic simulator on 127.0.0.1 and points the adapter (the
 * official `@anthropic-ai/sdk` client underneath) at it:
 * 1. `generateText` answers, with usage;
 * 2. `streamText` streams the answer;
 * 3. a system prompt marked for prompt caching (`providerOptions.anthropic.cacheControl`)
 *    reaches the API with its block's `cache_control`;
 * 4. the simulator starts region-blocking callers from SG, and the adapter
 *    classifies the 403 as a cut-off for that jurisdiction.
 *
 * Against the real API, drop `baseURL` and set `ANTHROPIC_API_KEY`.
 */
export async function runAnthropicExample(): Promise<AnthropicExampleResult> {
  const lines: string[] = [];
  const simulator = await startSimulator({ kind: 'anthropic', models: ['claude-sonnet-5'] });
  try {
    const anthropic = createAnthropic({ apiKey: 'sk-ant-demo', baseURL: simulator.baseURL });
    const model = anthropic('claude-sonnet-5');

    const generated = await generateText({ model, system: 'Be brief.', prompt: 'Name a river in Europe.' });
    lines.push(`generateText: ${generated.text}`);
    lines.push(
      `  finish ${generated.finishReason}, ${generated.usage.inputTokens} input and ${generated.usage.outputTokens} output tokens`,
    );

    const streamed = streamText({ model, prompt: 'Count to three.' });
    const deltas: string[] = [];
    for await (const delta of streamed.textStream) deltas.push(delta);
    lines.push(`streamText:   ${deltas.join('')}`);
    lines.push(`  ${deltas.length} text deltas, finish ${await streamed.finishReason}`);

    // Prompt caching: a breakpoint on the system prompt becomes its block's cache_control.
    const cached = await generateText({
      model,
      instructions: {
        role: 'system',
        content: 'You answer questions about rivers.',
        providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
      },
      prompt: 'Name a river in Asia.',
    });
    const sent = simulator.requests.at(-1)?.body as { system?: { cache_control?: unknown }[] } | undefined;
    lines.push(`cached system prompt: ${cached.text}`);
    lines.push(
      `  the request's system block carried cache_control ${JSON.stringify(sent?.system?.[0]?.cache_control)}`,
    );

    simulator.addFault({ fault: { type: 'region_block' }, callers: ['SG'] });
    try {
      await generateText({
        model,
        prompt: 'Hello from Singapore.',
        headers: { 'x-switchyard-caller-country': 'SG' },
        maxRetries: 0,
      });
      lines.push('SG caller: answered (unexpected)');
    } catch (error) {
      const failure = ProviderError.isInstance(error) ? error.failure : undefined;
      lines.push(
        `SG caller: ${failure?.kind} ${failure?.cutoffReason} for the ${failure?.scope} (${failure?.status} ${failure?.message})`,
      );
    }
    lines.push(`The simulator received ${simulator.requests.length} requests.`);
  } finally {
    await simulator.stop();
  }
  return { lines };
}
