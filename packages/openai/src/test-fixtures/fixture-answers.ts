import { readFileSync } from 'node:fs';
import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { createOpenAI } from '../create-openai.js';

/** A body of `src/__fixtures__/`, written by us in the documented shapes. */
export const fixture = (name: string) =>
  readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8');

/** An OpenAI model whose every call is answered with `body` (JSON, or an event stream). */
export function answering(body: string) {
  const contentType = body.trimStart().startsWith('{') ? 'application/json' : 'text/event-stream';
  return createOpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://openai.fixture.invalid/v1',
    fetch: async () => new Response(body, { headers: { 'content-type': contentType } }),
  })('gpt-test');
}

/** A call that says "Hi", with `providerOptions.openai` when given. */
export const ask = (openai?: Record<string, unknown>): LanguageModelV4CallOptions => ({
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  ...(openai === undefined
    ? {}
    : { providerOptions: { openai } as LanguageModelV4CallOptions['providerOptions'] }),
});

/** Every part of a stream answered with `body`. */
export async function streamed(body: string, options = ask()): Promise<LanguageModelV4StreamPart[]> {
  const { stream } = await answering(body).doStream(options);
  const parts: LanguageModelV4StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The finish part of a stream's parts. */
export const finishOf = (parts: LanguageModelV4StreamPart[]) =>
  parts.find(
    (part): part is Extract<LanguageModelV4StreamPart, { type: 'finish' }> => part.type === 'finish',
  );

/** The text of a stream's parts. */
export const textOf = (parts: LanguageModelV4StreamPart[]) =>
  parts.flatMap((part) => (part.type === 'text-delta' ? [part.delta] : [])).join('');
