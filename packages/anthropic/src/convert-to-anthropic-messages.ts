import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import type Anthropic from '@anthropic-ai/sdk';
import { invalidPrompt, toBase64, toolResultText } from '@switchyard/core';

type Block = Anthropic.Messages.ContentBlockParam;
type Message = Anthropic.Messages.MessageParam;
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/**
 * Maps an AI SDK prompt to the Messages API: system messages become the
 * top-level `system` (joined by blank lines), user text, images (base64 or
 * URL) and PDFs become content blocks, assistant text and tool calls become
 * `text`/`tool_use` blocks, and tool results `tool_result` blocks in a user
 * turn. Consecutive turns of the same role are merged, as the API requires
 * alternating roles. Earlier reasoning parts are dropped (they need the
 * provider's signature).
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @returns `system` (undefined when there is none) and `messages`.
 * @throws ProviderError (`invalid_request`) for a file type the Messages API cannot take, or a
 *   tool call whose input is a string that is not JSON.
 */
export function convertToAnthropicMessages({
  prompt,
  modelId,
}: {
  prompt: LanguageModelV4Prompt;
  modelId: string;
}): {
  system: string | undefined;
  messages: Message[];
} {
  const system: string[] = [];
  const messages: Message[] = [];
  const push = (role: 'user' | 'assistant', blocks: Block[]) => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    if (last !== undefined && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        system.push(message.content);
        break;
      case 'user': {
        const blocks: Block[] = [];
        for (const part of message.content) {
          if (part.type === 'text') {
            blocks.push({ type: 'text', text: part.text });
            continue;
          }
          const mediaType = part.mediaType === 'image/*' ? 'image/jpeg' : part.mediaType;
          if (imageTypes.has(mediaType) && part.data.type === 'data') {
            blocks.push({
              type: 'image',
              source: {
                type: 'base64',
                media_type: mediaType as 'image/png',
                data: toBase64(part.data.data),
              },
            });
          } else if (part.mediaType.startsWith('image/') && part.data.type === 'url') {
            blocks.push({ type: 'image', source: { type: 'url', url: part.data.url.toString() } });
          } else if (mediaType === 'application/pdf' && part.data.type === 'data') {
            blocks.push({
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: toBase64(part.data.data) },
            });
          } else if (mediaType === 'application/pdf' && part.data.type === 'url') {
            blocks.push({ type: 'document', source: { type: 'url', url: part.data.url.toString() } });
          } else if (part.data.type === 'text') {
            blocks.push({ type: 'text', text: part.data.text });
          } else {
            throw invalidPrompt({
              provider: 'anthropic',
              model: modelId,
              message: `a user file of media type ${part.mediaType} (${part.data.type}) is not supported by the Messages API; expected a JPEG, PNG, GIF or WebP image, a PDF, or text`,
            });
          }
        }
        push('user', blocks);
        break;
      }
      case 'assistant': {
        const blocks: Block[] = [];
        for (const part of message.content) {
          if (part.type === 'text' && part.text !== '') blocks.push({ type: 'text', text: part.text });
          else if (part.type === 'tool-call') {
            const input =
              typeof part.input === 'string'
                ? parseToolInput(part.input, part.toolName, modelId)
                : part.input;
            blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input: input ?? {} });
          }
        }
        push('assistant', blocks);
        break;
      }
      case 'tool': {
        const blocks: Block[] = [];
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          const isError =
            part.output.type === 'error-text' ||
            part.output.type === 'error-json' ||
            part.output.type === 'execution-denied';
          blocks.push({
            type: 'tool_result',
            tool_use_id: part.toolCallId,
            content: toolResultText(part.output),
            ...(isError ? { is_error: true } : {}),
          });
        }
        push('user', blocks);
        break;
      }
    }
  }
  return { system: system.length === 0 ? undefined : system.join('\n\n'), messages };
}

function parseToolInput(input: string, toolName: string, modelId: string): unknown {
  if (input === '') return {};
  try {
    return JSON.parse(input) as unknown;
  } catch {
    throw invalidPrompt({
      provider: 'anthropic',
      model: modelId,
      message: `the input of an earlier call of tool ${toolName} is not valid JSON; expected a JSON object`,
    });
  }
}
