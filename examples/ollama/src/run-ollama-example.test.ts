import { countTokens, simulatedAnswer } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';
import { runOllamaExample } from './run-ollama-example.js';

describe('runOllamaExample', () => {
  it('answers generateText and streamText from the simulator, then classifies a model that is not pulled', async () => {
    const { lines } = await runOllamaExample();
    const model = 'llama3.2';
    const generated = simulatedAnswer({ model, prompt: 'Name a river in Europe.' });
    const streamed = simulatedAnswer({ model, prompt: 'Count to three.' });
    expect(lines).toEqual([
      `generateText: ${generated}`,
      `  finish stop, ${4 + countTokens('Be brief.') + 4 + countTokens('Name a river in Europe.')} input and ${countTokens(generated)} output tokens`,
      `streamText:   ${streamed}`,
      `  ${countTokens(streamed)} text deltas, finish stop`,
      "qwen3:8b: cutoff model_not_found for the target (404 model 'qwen3:8b' not found)",
      'The simulator received 3 requests.',
    ]);
  });
});
