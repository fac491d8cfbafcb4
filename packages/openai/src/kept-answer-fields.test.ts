import { finishWarnings } from '@switchyard/core/adapter';
import { describe, expect, it } from 'vitest';
import { answering, ask, finishOf, fixture, streamed, textOf } from './test-fixtures/fixture-answers.js';

/**
 * What a Chat Completions answer carries beside its text and tool calls, on
 * bodies written by us in the documented shapes (`__fixtures__/`): each was
 * dropped without a word, and is now kept (where `@ai-sdk/openai` keeps it,
 * the same way) or warned of.
 */
describe('OpenAIChatLanguageModel: what an answer carries beside its text', () => {
  it('keeps where a URL citation points in the text (start_index, end_index)', async () => {
    const result = await answering(fixture('search-citations.json')).doGenerate(ask());
    expect(result.content.filter((part) => part.type === 'source')).toEqual([
      {
        type: 'source',
        sourceType: 'url',
        id: 'source-0',
        url: 'https://www.louvre.fr/en/visit/hours?utm_source=openai',
        title: 'Louvre: opening hours',
        providerMetadata: { openai: { startIndex: 31, endIndex: 44 } },
      },
    ]);
  });

  it('keeps the token log probabilities it asked for, generated and streamed (as @ai-sdk/openai does)', async () => {
    const options = ask({ logprobs: true, top_logprobs: 1 });
    const result = await answering(fixture('logprobs.json')).doGenerate(options);
    const generated = result.providerMetadata?.openai?.logprobs as { token: string }[];
    expect(generated.map((entry) => entry.token)).toEqual(['Yes', '.']);
    const parts = await streamed(fixture('logprobs.sse'), options);
    expect(textOf(parts)).toBe('Yes.');
    const logprobs = finishOf(parts)?.providerMetadata?.openai?.logprobs as {
      token: string;
      logprob: number;
    }[];
    expect(logprobs.map(({ token, logprob }) => [token, logprob])).toEqual([
      ['Yes', -0.0001],
      ['.', -0.02],
    ]);
  });

  it('keeps a refusal sent beside text, after it (it was dropped whenever the text was not empty)', async () => {
    const parts = await streamed(fixture('refusal-beside-content.sse'));
    expect(textOf(parts)).toBe("Here is the summary. I can't include the home address.");
  });

  it('keeps the spoken answer it asked for: generated, the transcript as text and the audio as sent', async () => {
    const options = ask({ modalities: ['text', 'audio'], audio: { voice: 'alloy', format: 'wav' } });
    const result = await answering(fixture('audio.json')).doGenerate(options);
    expect(result.content).toEqual([{ type: 'text', text: 'Bonjour!' }]);
    expect(result.providerMetadata?.openai?.audio).toEqual({
      id: 'audio_SwitchyardAudio01',
      data: 'UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA=',
      expires_at: 1771004400,
      transcript: 'Bonjour!',
    });
    const parts = await streamed(fixture('audio.sse'), options);
    expect(finishOf(parts)?.providerMetadata?.openai?.audio).toEqual({
      id: 'audio_SwitchyardAudio02',
      expires_at: 1771004401,
      data: 'UklGRiQAAABXQVZFZm10IBAAAAAB',
      transcript: 'Bonjour!',
    });
  });

  it('warns of choices besides choice 0 a server sent unasked, generated and streamed', async () => {
    const result = await answering(fixture('two-choices.json')).doGenerate(ask());
    expect(result.content).toEqual([{ type: 'text', text: 'Blue.' }]);
    expect(result.warnings).toEqual([
      {
        type: 'other',
        message:
          'the server sent a choice besides choice 0 (index 1), unasked: only choice 0 is read into the answer; the others are in response.body',
      },
    ]);
    const parts = await streamed(fixture('two-choices.sse'));
    expect(textOf(parts)).toBe('Blue.');
    expect(finishWarnings(finishOf(parts)?.providerMetadata)).toEqual([
      {
        type: 'other',
        message:
          'the server sent a choice besides choice 0 (index 1), unasked: only choice 0 is read into the answer; the others are in the raw chunks (includeRawChunks)',
      },
    ]);
  });

  it('adds no provider metadata to an answer without these fields', async () => {
    const parts = await streamed(fixture('together.sse'));
    expect(finishOf(parts)?.providerMetadata).toBeUndefined();
  });
});
