import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { ProviderError, toolResultText } from '@switchyard/core';
import type { Message } from 'ollama';

function toBase64(data: Uint8Array | string): string {
  return typeof data === 'string'
    ? data
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/**
 * Maps an AI SDK prompt to Ollama `/api/chat` messages: system, user text and
 * inline images (`images`, base64), assistant text and tool calls (arguments
 * as objects), and tool results as `tool` messages with `tool_name`.
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @returns the messages.
 * @throws ProviderError (`invalid_request`) for a file Ollama cannot take (image URLs, non-images).
 */
export function convertToOllamaMessages({
  prompt,
  modelId,
}: {
  prompt: LanguageModelV4Prompt;
  modelId: string;
}): Message[] {
  const messages: Message[] = [];
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        let content = '';
        const images: string[] = [];
        for (const part of message.content) {
          if (part.type === 'text') content += part.text;
          else if (part.mediaType.startsWith('image/') && part.data.type === 'data')
            images.push(toBase64(part.data.data));
          else if (part.data.type === 'text') content += part.data.text;
          else {
            throw new ProviderError({
              provider: 'ollama',
              model: modelId,
              failure: {
                kind: 'invalid_request',
                code: 'unsupported_prompt',
                message: `a user file of media type ${part.mediaType} (${part.data.type}) is not supported by Ollama; expected inline image data or text`,
              },
            });
          }
        }
        messages.push({ role: 'user', content, ...(images.length > 0 ? { images } : {}) });
        break;
      }
      case 'assistant': {
        let content = '';
        const toolCalls: NonNullable<Message['tool_calls']> = [];
        for (const part of message.content) {
          if (part.type === 'text') content += part.text;
          else if (part.type === 'tool-call') {
            const input = typeof part.input === 'string' ? (JSON.parse(part.input) as unknown) : part.input;
            toolCalls.push({
              function: { name: part.toolName, arguments: (input ?? {}) as Record<string, unknown> },
            });
          }
        }
        messages.push({
          role: 'assistant',
          content,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          messages.push({ role: 'tool', content: toolResultText(part.output), tool_name: part.toolName });
        }
        break;
    }
  }
  return messages;
}
