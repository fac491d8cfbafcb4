import { countTokens, simulatedAnswer } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';
import { runAnthropicExample } from './run-anthropic-example.js';

describe('runAnthropicExample', () => {
  it("answers generateText and streamText from the simulator, sends a cached system prompt's cache_control, then classifies the SG region block", async () => {
    const { lines } = await runAnthropicExample();
    const model = 'claude-sonnet-5';
    const generated = simulatedAnswer({ model, prompt: 'Name a river in Europe.' });
    const streamed = simulatedAnswer({ model, prompt: 'Count to three.' });
    const cached = simulatedAnswer({ model, prompt: 'Name a river in Asia.' });
    expect(lines).toEqual([
      `generateText: ${generated}`,
      `  finish stop, ${3 + countTokens('Be brief.') + 4 + countTokens('Name a river in Europe.')} input and ${countTokens(generated)} output tokens`,
      `streamText:   ${streamed}`,
      `  ${countTokens(streamed)} text deltas, finish stop`,
      `cached system prompt: ${cached}`,
      `  the request's system block carried cache_control {"type":"ephemeral"}`,
      'SG caller: cutoff region_blocked for the jurisdiction (403 Request not allowed)',
      'The simulator received 4 requests.',
    ]);
  });
});
