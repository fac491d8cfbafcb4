import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ProviderError } from '@switchyard/core';
import { createLlamaCpp } from '@switchyard/llama-cpp';
import { writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { createOpenAI } from '@switchyard/openai';
import { createRouter, memorySink } from '@switchyard/router';
import { startSimulator } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';

/** What the example printed, line by line. */
export interface LlamaCppExampleResult {
  readonly lines: string[];
}

/**
 * A route whose last resort is a GGUF model run in this process:
 * 1. the hosted target (the OpenAI simulator on 127.0.0.1) has withdrawn its
 *    model (404 `model_not_found`): a cut-off, so the router falls back to the
 *    local model, which answers by real inference (`generateText`, then
 *    `streamText`);
 * 2. a model file that is not GGUF is a cut-off of its target, found before
 *    llama.cpp could touch it.
 *
 * The local model is `modelPath` when given (any GGUF you bring, e.g. the
 * `SWITCHYARD_GGUF` environment variable in `src/index.ts`), else the tiny
 * seeded model written to `dir` (it knows nothing; its text is noise).
 */
export async function runLlamaCppExample(options: {
  dir: string;
  modelPath?: string;
}): Promise<LlamaCppExampleResult> {
  const lines: string[] = [];
  const modelPath = options.modelPath ?? (await writeTinyGguf({ path: join(options.dir, 'tiny.gguf') })).path;
  // The simulator serves no model: every call of the hosted target answers 404 model_not_found.
  const simulator = await startSimulator({ kind: 'openai', models: [] });
  const llamaCpp = createLlamaCpp({ baseDir: dirname(modelPath) });
  const local = llamaCpp(modelPath);
  try {
    await local.warm(); // checks and loads the model now, so the first fallback does not wait for it
    const sink = memorySink();
    const router = createRouter({
      config: {
        targets: [
          {
            id: 'hosted',
            provider: 'openai',
            model: 'gpt-5.4',
            hostedIn: 'US',
            origin: 'US',
            weights: 'closed',
            contextWindow: 400_000,
          },
          {
            id: 'local',
            provider: 'llama-cpp',
            model: modelPath,
            hostedIn: 'self',
            origin: 'US',
            weights: 'open',
            contextWindow: 4096,
            price: { input: 0, output: 0 },
          },
        ],
        routes: { chat: { targets: ['hosted'], lastResort: ['local'] } },
        policy: { id: 'allow-all' },
      },
      models: {
        hosted: createOpenAI({ baseURL: simulator.baseURL, apiKey: 'sk-example' })('gpt-5.4'),
        local,
      },
      sinks: [sink],
    });

    const generated = await generateText({
      model: router.languageModel('chat'),
      prompt: 'Hello there',
      maxOutputTokens: 24,
    });
    const record = sink.records.at(-1);
    lines.push(`generateText served by ${record?.servedBy}: ${JSON.stringify(generated.text)}`);
    lines.push(
      `  attempts: ${record?.attempts.map((attempt) => `${attempt.targetId} ${attempt.outcome}${attempt.failureKind ? ` (${attempt.failureKind})` : ''}`).join(', ')}`,
    );
    lines.push(`  finish ${generated.finishReason}, ${generated.usage.outputTokens} output tokens`);

    const streamed = streamText({
      model: router.languageModel('chat'),
      prompt: 'Hello again',
      maxOutputTokens: 16,
    });
    let deltas = 0;
    for await (const _ of streamed.textStream) deltas++;
    lines.push(
      `streamText served by ${sink.records.at(-1)?.servedBy}: ${deltas} text deltas, finish ${await streamed.finishReason}`,
    );
    await router.close();

    const broken = join(options.dir, 'notes.gguf');
    await writeFile(broken, 'these are notes, not weights');
    try {
      await generateText({ model: llamaCpp(broken), prompt: 'Hello', maxRetries: 0 });
      lines.push('notes.gguf: answered (unexpected)');
    } catch (error) {
      const failure = ProviderError.isInstance(error) ? error.failure : undefined;
      lines.push(`notes.gguf: ${failure?.kind} (${failure?.code}) for the ${failure?.scope}`);
    }
  } finally {
    await llamaCpp.close();
    await simulator.stop();
  }
  return { lines };
}
