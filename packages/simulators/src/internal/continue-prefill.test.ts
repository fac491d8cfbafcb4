import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createSimulator } from '../create-simulator.js';
import { simulatedAnswer } from '../simulated-answer.js';
import { continuePrefill } from './continue-prefill.js';

const prompt = 'Where is the nearest station?';

describe('continuePrefill', () => {
  it("continues the model's own answer from where the prefill stops", () => {
    const answer = simulatedAnswer({ model: 'gpt-a', prompt });
    expect(continuePrefill({ model: 'gpt-a', prompt, prefill: answer.slice(0, 20) })).toBe(answer.slice(20));
  });

  it('continues the answer of the model the prefill names, as a model continuing another one would', () => {
    const theirs = simulatedAnswer({ model: 'claude-b', prompt });
    expect(continuePrefill({ model: 'gpt-a', prompt, prefill: theirs.slice(0, 25) })).toBe(theirs.slice(25));
  });

  it('restarts when it does not recognise the prefill', () => {
    expect(continuePrefill({ model: 'gpt-a', prompt, prefill: 'Something else' })).toBe(
      simulatedAnswer({ model: 'gpt-a', prompt }),
    );
  });
});

describe('simulator answers (OpenAI wire format)', () => {
  const client = (simulator: { baseURL: string; fetch: typeof fetch }) =>
    new OpenAI({
      apiKey: 'sk-test',
      baseURL: simulator.baseURL,
      fetch: simulator.fetch,
      maxRetries: 0,
      logLevel: 'off',
    });

  it('answers a prefilled conversation with the rest of the answer', async () => {
    const simulator = createSimulator({ kind: 'openai', models: ['m'] });
    const answer = simulatedAnswer({ model: 'm', prompt });
    const completion = await client(simulator).chat.completions.create({
      model: 'm',
      messages: [
        { role: 'user', content: prompt },
        { role: 'assistant', content: answer.slice(0, 12) },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe(answer.slice(12));
    await simulator.stop();
  });

  it('sends the malformed chunk after afterChunks good content chunks', async () => {
    const simulator = createSimulator({
      kind: 'openai',
      models: ['m'],
      tokensPerChunk: 1,
      faults: [{ fault: { type: 'malformed_chunk', afterChunks: 3 } }],
    });
    const chunks = await client(simulator).chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: prompt }],
      stream: true,
    });
    const deltas: string[] = [];
    const error = await (async () => {
      for await (const chunk of chunks)
        if (chunk.choices[0]?.delta?.content) deltas.push(chunk.choices[0].delta.content);
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(SyntaxError);
    expect(deltas).toHaveLength(3);
    await simulator.stop();
  });
});
