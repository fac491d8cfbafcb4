import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { fileDataToUrl, invalidPrompt, toolResultText } from '@switchyard/core';
import type OpenAI from 'openai';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type UserPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

/**
 * Maps an AI SDK prompt to Chat Completions `messages`: system, user text,
 * images (`image_url`, inline data as a `data:` URL) and PDFs (`file`),
 * assistant text and tool calls, and tool results as `tool` messages.
 * Reasoning parts of earlier assistant turns are dropped (Chat Completions
 * takes none back).
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @returns the messages.
 * @throws ProviderError (`invalid_request`) for a file type Chat Completions cannot take.
 */
export function convertToOpenAIChatMessages({
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
        const only = message.content[0];
        if (message.content.length === 1 && only?.type === 'text') {
          messages.push({ role: 'user', content: only.text });
          break;
        }
        const content: UserPart[] = [];
        for (const part of message.content) {
          if (part.type === 'text') {
            content.push({ type: 'text', text: part.text });
            continue;
          }
          const url = fileDataToUrl(part.data, part.mediaType === 'image/*' ? 'image/jpeg' : part.mediaType);
          if (part.mediaType.startsWith('image/') && url !== undefined) {
            content.push({ type: 'image_url', image_url: { url } });
          } else if (part.mediaType === 'application/pdf' && part.data.type === 'data' && url !== undefined) {
            content.push({
              type: 'file',
              file: { file_data: url, filename: part.filename ?? 'document.pdf' },
            });
          } else if (part.data.type === 'text') {
            content.push({ type: 'text', text: part.data.text });
          } else {
            throw invalidPrompt({
              provider: 'openai',
              model: modelId,
              message: `a user file of media type ${part.mediaType} (${part.data.type}) is not supported by Chat Completions; expected an image, inline PDF data or text`,
            });
          }
        }
        messages.push({ role: 'user', content });
        break;
      }
      case 'assistant': {
        let text = '';
        const toolCalls: OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall[] = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'tool-call') {
            toolCalls.push({
              id: part.toolCallId,
              type: 'function',
              function: {
                name: part.toolName,
                arguments: typeof part.input === 'string' ? part.input : JSON.stringify(part.input),
              },
            });
          }
        }
        messages.push({
          role: 'assistant',
          content: text === '' && toolCalls.length > 0 ? null : text,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        });
        break;
      }
      case 'tool':
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          messages.push({
            role: 'tool',
            tool_call_id: part.toolCallId,
            content: toolResultText(part.output),
          });
        }
        break;
    }
  }
  return messages;
}
