import { describe, expect, it } from 'vitest';
import { runMidStreamStory } from './run-mid-stream-story.js';

describe('runMidStreamStory', () => {
  it('finishes cut and stalled answers on Anthropic, whole; with midStream error the text rejects', async () => {
    const { requests } = await runMidStreamStory();
    expect(requests.map((request) => request.text)).toEqual([
      'This is gpt-4o answering: "Explain the timetable change".',
      'This is gpt-4o answering: "Explain the platform change".',
      undefined,
    ]);
    expect(requests[0]?.attempts).toEqual([
      'openai-gpt failure (connection_closed), delivered 27 chars',
      'anthropic-claude success, delivered 30 chars, continued from char 27 by prefill',
    ]);
    expect(requests[1]?.attempts[0]).toBe('openai-gpt failure (stream_stalled), delivered 27 chars');
    expect(requests[2]?.error).toMatch(/^SWITCHYARD_PROVIDER_ERROR: openai-gpt failed after the first token/);
    expect(requests[2]?.attempts).toEqual(['openai-gpt failure (connection_closed), delivered 27 chars']);
  });
});
