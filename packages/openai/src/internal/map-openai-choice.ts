import type { JSONValue, LanguageModelV4Content } from '@ai-sdk/provider';
import { logprobsOf, urlCitationSource } from './openai-answer-extras.js';
import { contentText } from './openai-response-metadata.js';
import type { OpenAICompletion } from './openai-wire.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The AI SDK content of a complete choice, and what it keeps in
 * `providerMetadata.openai`:
 *
 * - reasoning (`reasoning_content` or `reasoning`), then the text, then the
 *   refusal as a text part of its own (both kept when a server sends both,
 *   as `@ai-sdk/openai` keeps them), or, with neither, the spoken answer's
 *   transcript (`audio.transcript`, as `@ai-sdk/openai` reads it);
 * - tool calls (`call_<n>` when the server sends no id): `function` ones, and
 *   a custom tool's (`type: custom`, `custom: { name, input }`) with its free
 *   text input as a JSON string (as `@ai-sdk/openai`'s Responses model gives
 *   it; its chat model rejects the whole answer); a call of any other type is
 *   not read, and listed in `unreadToolCalls` (for a warning);
 * - URL citations as `source` parts, with where the citing text is
 *   (`providerMetadata.openai.startIndex` / `endIndex`);
 * - `logprobs`: the token log probabilities, as `@ai-sdk/openai` keeps them;
 * - `audio`: the spoken answer as sent (`id`, `data`, `transcript`,
 *   `expires_at`; `@ai-sdk/openai` keeps only the transcript).
 *
 * @param choice the choice.
 * @returns the content, the metadata fields, and the tool calls not read (position and type).
 */
export function mapOpenAIChoice(choice: OpenAICompletion['choices'][number]): {
  content: LanguageModelV4Content[];
  openai: Record<string, JSONValue>;
  unreadToolCalls: { index: number; type: string }[];
} {
  const message = choice.message;
  const content: LanguageModelV4Content[] = [];
  const openai: Record<string, JSONValue> = {};
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  const text = contentText(message.content);
  if (text) content.push({ type: 'text', text });
  if (message.refusal) content.push({ type: 'text', text: message.refusal });
  const audio = message.audio;
  if (isObject(audio)) {
    openai.audio = audio as JSONValue;
    if (!text && !message.refusal && typeof audio.transcript === 'string' && audio.transcript !== '')
      content.push({ type: 'text', text: audio.transcript });
  }
  const unreadToolCalls: { index: number; type: string }[] = [];
  (message.tool_calls ?? []).forEach((toolCall, index) => {
    const type = toolCall.type ?? 'function';
    if (type !== 'function' && type !== 'custom') {
      unreadToolCalls.push({ index, type });
      return;
    }
    const custom = type === 'custom' ? toolCall.custom : undefined;
    content.push({
      type: 'tool-call',
      toolCallId: toolCall.id || `call_${index}`,
      toolName: (custom ?? toolCall.function)?.name ?? '',
      // A custom tool's input is free text: a JSON string of it, as @ai-sdk/openai's Responses model gives it.
      input: type === 'custom' ? JSON.stringify(custom?.input ?? '') : toolCall.function?.arguments || '{}',
    });
  });
  (message.annotations ?? []).forEach((annotation, index) => {
    if (annotation.type !== 'url_citation' || annotation.url_citation == null) return;
    content.push(urlCitationSource(annotation.url_citation, `source-${index}`));
  });
  const logprobs = logprobsOf(choice.logprobs);
  if (logprobs !== undefined) openai.logprobs = logprobs;
  return { content, openai, unreadToolCalls };
}
