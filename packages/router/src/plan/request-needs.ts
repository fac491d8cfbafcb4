import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';

/** What one request needs, from its call options. */
export interface RequestNeeds {
  readonly tools: boolean;
  readonly json: boolean;
  readonly vision: boolean;
  /** A rough prompt size, 4 characters a token. */
  readonly promptTokens: number;
  /** Output tokens to price (`maxOutputTokens`, else 500). */
  readonly outputTokens: number;
}

/**
 * Estimates what a call needs: tools, JSON, vision, and a rough prompt token
 * count (4 characters a token; a file counts 1,000 tokens).
 *
 * @example
 * ```ts
 * requestNeeds({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }).promptTokens; // 5
 * ```
 */
export function requestNeeds(options: LanguageModelV4CallOptions): RequestNeeds {
  let characters = 0;
  let vision = false;
  for (const message of options.prompt) {
    characters += 16;
    if (typeof message.content === 'string') {
      characters += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') characters += part.text.length;
      else if (part.type === 'file') {
        if (part.mediaType.startsWith('image/')) vision = true;
        characters += 4_000;
      } else if (part.type === 'tool-call') characters += JSON.stringify(part.input ?? null).length;
      else if (part.type === 'tool-result') characters += JSON.stringify(part.output ?? null).length;
    }
  }
  return {
    tools: (options.tools?.length ?? 0) > 0,
    json: options.responseFormat?.type === 'json',
    vision,
    promptTokens: Math.ceil(characters / 4),
    outputTokens: options.maxOutputTokens ?? 500,
  };
}
