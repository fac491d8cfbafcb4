import type { LanguageModelV4Prompt, SharedV4Warning } from '@ai-sdk/provider';
import { invalidPrompt, leftOutPart, toBase64, toolResultText } from '@switchyard/core';
import type { Message, ToolCall } from 'ollama';

/**
 * An `/api/chat` message as the server reads it: the `ollama` client's `Message`
 * plus the optional ids its types leave out (`tool_calls[].id`, `tool_call_id`).
 */
export type OllamaWireMessage = Message & {
  tool_calls?: Array<ToolCall & { id?: string }>;
  tool_call_id?: string;
};

function isImage(mediaType: string): boolean {
  return mediaType === 'image' || mediaType.startsWith('image/');
}

/**
 * Maps an AI SDK prompt to Ollama `/api/chat` messages: system, user text and
 * inline images (`images`, base64), assistant text, reasoning (`thinking`) and
 * tool calls (arguments as objects, with their ids), and tool results as `tool`
 * messages with `tool_name` and `tool_call_id`. Assistant parts `/api/chat`
 * has no field for (`file`, `reasoning-file`, `custom`, a provider-executed
 * tool's result) are left out with an `other` warning naming each.
 *
 * Image URLs never reach it through the AI SDK: the model declares no supported
 * URLs, so `generateText`/`streamText` download them and pass the bytes.
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @param options.provider the provider name, for error messages. Default `ollama`.
 * @param options.warnings where warnings go.
 * @returns the messages.
 * @throws ProviderError (`invalid_request`, code `unsupported_prompt`) for a file Ollama cannot
 * take (an image URL, a non-image file that is not text) or a tool-call input that is not JSON.
 * @example
 * ```ts
 * convertToOllamaMessages({ prompt: [{ role: 'system', content: 'Be brief.' }], modelId: 'llama3.2' });
 * // [{ role: 'system', content: 'Be brief.' }]
 * ```
 */
export function convertToOllamaMessages({
  prompt,
  modelId,
  provider = 'ollama',
  warnings = [],
}: {
  prompt: LanguageModelV4Prompt;
  modelId: string;
  provider?: string;
  warnings?: SharedV4Warning[];
}): OllamaWireMessage[] {
  const messages: OllamaWireMessage[] = [];
  for (let messageIndex = 0; messageIndex < prompt.length; messageIndex++) {
    const message = prompt[messageIndex] as LanguageModelV4Prompt[number];
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        let content = '';
        let images: string[] | undefined;
        for (const part of message.content) {
          if (part.type === 'text') content += part.text;
          else if (part.data.type === 'data' && isImage(part.mediaType)) {
            images ??= [];
            images.push(toBase64(part.data.data));
          } else if (part.data.type === 'text') content += part.data.text;
          else {
            throw invalidPrompt({
              provider,
              model: modelId,
              message: `a user file of media type ${part.mediaType} (${part.data.type}) is not supported by Ollama; expected inline image data or text`,
            });
          }
        }
        messages.push(images === undefined ? { role: 'user', content } : { role: 'user', content, images });
        break;
      }
      case 'assistant': {
        let content = '';
        let thinking = '';
        let toolCalls: OllamaWireMessage['tool_calls'];
        for (let partIndex = 0; partIndex < message.content.length; partIndex++) {
          const part = message.content[partIndex] as (typeof message.content)[number];
          if (part.type === 'text') content += part.text;
          else if (part.type === 'reasoning') thinking += part.text;
          else if (part.type !== 'tool-call')
            warnings.push(
              leftOutPart(
                { messageIndex, partIndex },
                part.type,
                'an assistant message of /api/chat takes text, thinking and tool calls only',
              ),
            );
          else {
            toolCalls ??= [];
            toolCalls.push({
              id: part.toolCallId,
              function: {
                name: part.toolName,
                arguments: toolArguments(part.input, part.toolName, modelId, provider),
              },
            });
          }
        }
        const assistant: OllamaWireMessage = { role: 'assistant', content };
        if (thinking !== '') assistant.thinking = thinking;
        if (toolCalls !== undefined) assistant.tool_calls = toolCalls;
        messages.push(assistant);
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          messages.push({
            role: 'tool',
            content: toolResultText(part.output),
            tool_name: part.toolName,
            tool_call_id: part.toolCallId,
          });
        }
        break;
    }
  }
  return messages;
}

/** Ollama takes tool-call arguments as an object; the AI SDK may hold them as a JSON string. */
function toolArguments(
  input: unknown,
  toolName: string,
  modelId: string,
  provider: string,
): Record<string, unknown> {
  let value = input;
  let valid = true;
  if (typeof input === 'string' && input !== '') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      valid = false;
    }
  }
  if (valid && (value === null || value === undefined || value === '')) return {};
  if (!valid || typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidPrompt({
      provider,
      model: modelId,
      message: `the input of an earlier call of tool ${toolName} is not a JSON object; Ollama takes tool-call arguments as an object`,
    });
  }
  return value as Record<string, unknown>;
}
