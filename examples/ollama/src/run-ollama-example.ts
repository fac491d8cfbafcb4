import { ProviderError } from '@switchyard/core';
import { createOllama } from '@switchyard/ollama';
import { startSimulator } from '@switchyard/simulators';
import { generateText, streamText } from 'ai';

/** What the example printed, line by line. */
export interface OllamaExampleResult {
  readonly lines: string[];
}

/**
 * Starts the Ollama simulator on 127.0.0.1 and points the adapter (the
 * official `ollama` client underneath) at it:
 * 1. `generateText` answers, with usage from `prompt_eval_count` / `eval_count`;
 * 2. `streamText` streams the answer from the NDJSON stream;
 * 3. a model the server has not pulled answers 404, which the adapter
 *    classifies as a cut-off of that target (the router would fall back).
 *
 * Against a real Ollama server, drop `host` (or set `OLLAMA_HOST`) and
 * `ollama pull llama3.2` first.
 */
export async function runOllamaExample(): Promise<OllamaExampleResult> {
  const lines: string[] = [];
  const simulator = await startSimulator({ kind: 'ollama', models: ['llama3.2'] });
  try {
    const ollama = createOllama({ baseURL: simulator.baseURL });
    const model = ollama('llama3.2');

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

    try {
      await generateText({ model: ollama('qwen3:8b'), prompt: 'Hello', maxRetries: 0 });
      lines.push('qwen3:8b: answered (unexpected)');
    } catch (error) {
      const failure = ProviderError.isInstance(error) ? error.failure : undefined;
      lines.push(
        `qwen3:8b: ${failure?.kind} ${failure?.cutoffReason} for the ${failure?.scope} (${failure?.status} ${failure?.message})`,
      );
    }
    lines.push(`The simulator received ${simulator.requests.length} requests.`);
  } finally {
    await simulator.stop();
  }
  return { lines };
}
