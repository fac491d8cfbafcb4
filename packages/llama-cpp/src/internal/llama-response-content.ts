import type { LanguageModelV4Content } from '@ai-sdk/provider';
import type { LlamaChatResponse } from 'node-llama-cpp';
import type { LlamaOutputMode } from './prepare-llama-generation.js';

/** A tool-call id: llama.cpp's chat templates give none. */
export function llamaToolCallId(index: number): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}_${index}`;
}

/**
 * The AI SDK content of a finished generation: its thought segments as one
 * `reasoning` part, the text, and the tool calls (the chat template's own
 * function calls; in `tool` mode, the forced `{"name", "arguments"}` JSON, or
 * the text itself when the output was cut before the JSON was whole).
 *
 * @param response what `LlamaChat.generateResponse` returned.
 * @param mode how the answer was constrained.
 * @returns the content parts, in order.
 * @example
 * ```ts
 * const content = llamaResponseContent(response, { type: 'text' });
 * ```
 */
export function llamaResponseContent(
  response: LlamaChatResponse,
  mode: LlamaOutputMode,
): LanguageModelV4Content[] {
  const content: LanguageModelV4Content[] = [];
  const reasoning = response.fullResponse
    .filter((item) => typeof item !== 'string')
    .map((segment) => segment.text)
    .join('');
  if (reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  if (mode.type === 'tool') {
    const call = parseToolCall(response.response);
    if (call === undefined) content.push({ type: 'text', text: response.response });
    else
      content.push({
        type: 'tool-call',
        toolCallId: llamaToolCallId(0),
        toolName: call.name,
        input: JSON.stringify(call.arguments),
      });
    return content;
  }
  if (response.response !== '') content.push({ type: 'text', text: response.response });
  const calls = (response.functionCalls ?? []) as unknown as { functionName: string; params: unknown }[];
  calls.forEach((call, index) => {
    content.push({
      type: 'tool-call',
      toolCallId: llamaToolCallId(index),
      toolName: call.functionName,
      input: JSON.stringify(call.params ?? {}),
    });
  });
  return content;
}

/** The forced tool call, or `undefined` when the output was cut before it was whole JSON. */
function parseToolCall(text: string): { name: string; arguments: unknown } | undefined {
  try {
    const value = JSON.parse(text) as { name?: unknown; arguments?: unknown };
    return typeof value.name === 'string'
      ? { name: value.name, arguments: value.arguments ?? {} }
      : undefined;
  } catch {
    return undefined;
  }
}
