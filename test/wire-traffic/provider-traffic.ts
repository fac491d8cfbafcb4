import type { LanguageModelV4 } from '@ai-sdk/provider';
import { createAnthropic } from '@switchyard/anthropic';
import { createOllama } from '@switchyard/ollama';
import { createOpenAI } from '@switchyard/openai';
import fc from 'fast-check';
import { type AnswerSummary, byKind, withoutMadeUpIds } from './answer-summary.js';
import { anthropicEvents } from './anthropic-events.js';
import { anthropicSdkMessage, expectedFromAnthropicMessage } from './anthropic-oracle.js';
import { anthropicAnswer } from './anthropic-traffic.js';
import { expectedFromOllamaAnswer, ollamaClientAnswer } from './ollama-oracle.js';
import { ndjsonText, ollamaAnswer, ollamaParts } from './ollama-traffic.js';
import { expectedFromOpenAICompletion, openAISdkCompletion } from './openai-oracle.js';
import { openAIAnswer, openAIEvents } from './openai-traffic.js';
import { type SseFraming, sseFraming, sseText, type WireEvent } from './sse-framing.js';

/** One provider's legal traffic, as the hostile properties mutate it: events, their text, the model, the oracle. */
export interface ProviderTraffic<Answer, Framing> {
  readonly name: 'anthropic' | 'openai' | 'ollama';
  readonly contentType: string;
  readonly traffic: fc.Arbitrary<{ answer: Answer; framing: Framing }>;
  /** The events (SSE events, or NDJSON parts). */
  events(answer: Answer): WireEvent[];
  /** `answer` with its text replaced by `text`, in one delta. */
  withText(answer: Answer, text: string): Answer;
  text(events: readonly WireEvent[], framing: Framing): string;
  /** The position of the event that completes the answer (`message_stop`, the finish chunk, `done: true`). */
  terminal(events: readonly WireEvent[]): number;
  model(fetch: typeof globalThis.fetch): LanguageModelV4;
  /** Our summary made comparable: grouped by kind where the order between kinds means nothing, our made-up ids set aside. */
  comparable(ours: AnswerSummary, expected: AnswerSummary): AnswerSummary;
  /** The official SDK's reading of the bytes, as the summary our adapter must match. */
  expected(fetch: () => typeof globalThis.fetch, answer: Answer): Promise<AnswerSummary>;
}

const dataOf = (event: WireEvent) => event.data as Record<string, unknown>;

export const anthropicTraffic: ProviderTraffic<Parameters<typeof anthropicEvents>[0], SseFraming> = {
  name: 'anthropic',
  contentType: 'text/event-stream',
  traffic: fc.record({ answer: anthropicAnswer, framing: sseFraming({ done: false }) }),
  events: anthropicEvents,
  withText: (answer, text) => ({ ...answer, blocks: [{ type: 'text', fragments: [text], citations: [] }] }),
  text: sseText,
  terminal: (events) => events.findIndex((event) => dataOf(event).type === 'message_stop'),
  model: (fetch) =>
    createAnthropic({ apiKey: 'sk-ant-test', baseURL: 'http://fixture.invalid', fetch })('claude-test'),
  comparable: (ours) => ours,
  expected: async (fetch) => expectedFromAnthropicMessage(await anthropicSdkMessage(fetch())),
};

export const openAITraffic: ProviderTraffic<Parameters<typeof openAIEvents>[0], SseFraming> = {
  name: 'openai',
  contentType: 'text/event-stream',
  traffic: fc.record({ answer: openAIAnswer, framing: sseFraming({ done: 'maybe' }) }),
  events: openAIEvents,
  withText: (answer, text) => ({ ...answer, answer: { field: 'content', fragments: [text] } }),
  text: sseText,
  terminal: (events) =>
    events.findIndex((event) =>
      ((dataOf(event).choices as { finish_reason?: unknown }[] | undefined) ?? []).some(
        (choice) => choice.finish_reason,
      ),
    ),
  model: (fetch) =>
    createOpenAI({ apiKey: 'sk-test', baseURL: 'http://fixture.invalid/v1', fetch })('gpt-test'),
  comparable: (ours) => byKind(ours),
  expected: async (fetch, answer) => expectedFromOpenAICompletion(await openAISdkCompletion(fetch()), answer),
};

export const ollamaTraffic: ProviderTraffic<Parameters<typeof ollamaParts>[0], boolean> = {
  name: 'ollama',
  contentType: 'application/x-ndjson',
  traffic: fc.record({ answer: ollamaAnswer, framing: fc.boolean() }),
  events: (answer) => ollamaParts(answer).map((data) => ({ data })),
  withText: (answer, text) => ({ ...answer, content: [text] }),
  text: (events, crlf) =>
    ndjsonText(
      events.map((event) => event.data),
      crlf,
    ),
  terminal: (events) => events.findIndex((event) => dataOf(event).done === true),
  model: (fetch) => createOllama({ baseURL: 'http://fixture.invalid:11434', fetch })('llama3.2'),
  comparable: (ours, expected) => withoutMadeUpIds(byKind(ours), expected),
  expected: async (fetch) => expectedFromOllamaAnswer(await ollamaClientAnswer(fetch())),
};
