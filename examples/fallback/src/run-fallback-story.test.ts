import { describe, expect, it } from 'vitest';
import { runFallbackStory } from './run-fallback-story.js';

describe('runFallbackStory', () => {
  it('answers every request, from Anthropic, then OpenAI after the region block, then Ollama after the outage', async () => {
    const { requests, lines } = await runFallbackStory();
    expect(
      requests.map((request) => [request.operation, request.caller, request.servedBy, request.why]),
    ).toEqual([
      ['generate', 'SG', 'anthropic-claude', 'first choice'],
      ['stream', 'SG', 'anthropic-claude', 'first choice'],
      ['generate', 'SG', 'openai-gpt', 'anthropic-claude failed (cutoff region_blocked 403)'],
      ['stream', 'SG', 'openai-gpt', 'anthropic-claude skipped: cut off for SG (region_blocked)'],
      ['generate', 'DE', 'anthropic-claude', 'first choice'],
      [
        'generate',
        'SG',
        'local-llama',
        'anthropic-claude skipped: cut off for SG (region_blocked); openai-gpt failed (transient 503); openai-gpt failed (transient 503) on retry 1',
      ],
      [
        'stream',
        'SG',
        'local-llama',
        // OpenAI's third 503 in a row opened its circuit: its retry is not sent.
        'anthropic-claude skipped: cut off for SG (region_blocked); openai-gpt skipped: circuit_open; openai-gpt failed (transient 503)',
      ],
    ]);
    expect(requests[5]?.text).toBe('This is llama3.2 answering: "Keep the lights on".');
    expect(requests[6]?.text).toBe('This is llama3.2 answering: "Stream while it is down".');
    expect(lines).toContain(
      '   generate SG -> openai-gpt       "This is gpt-4o answering: \\"Summarise the memo\\"."',
    );
    expect(lines.at(-1)).toBe('Anthropic received 3 request(s) from SG, OpenAI 5, Ollama 2.');
  });
});
