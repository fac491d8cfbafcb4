import { describe, expect, it } from 'vitest';
import type { PreparedTarget } from './prepared-target.js';
import { everyCallOptionCopied, TargetCallOptions } from './target-call-options.js';

const entry = { providerKeys: ['openai'] } as unknown as PreparedTarget;

describe('TargetCallOptions', () => {
  it('passes the caller options, only the target provider options, and no switchyard ones', () => {
    const options = new TargetCallOptions(
      entry,
      {
        prompt: [],
        temperature: 0.2,
        maxOutputTokens: 10,
        providerOptions: { switchyard: { jurisdiction: 'DE' }, openai: { user: 'u' }, anthropic: { x: 1 } },
      },
      { signal: () => new AbortController().signal },
    );
    expect({ ...options }).toEqual({
      prompt: [],
      temperature: 0.2,
      maxOutputTokens: 10,
      providerOptions: { openai: { user: 'u' } },
    });
    expect(everyCallOptionCopied).toBe(true);
  });

  it('asks for the signal only when the model reads abortSignal, once per read', () => {
    let asked = 0;
    const signal = new AbortController().signal;
    const options = new TargetCallOptions(
      entry,
      { prompt: [] },
      {
        signal: () => {
          asked++;
          return signal;
        },
      },
    );
    expect(asked).toBe(0);
    expect(options.abortSignal).toBe(signal);
    expect(asked).toBe(1);
  });
});
