import type { LanguageModelV4Prompt, SharedV4ProviderOptions, SharedV4Warning } from '@ai-sdk/provider';
import { fileDataToUrl, invalidPrompt, leftOutPart, toolResultText } from '@switchyard/core';
import type OpenAI from 'openai';

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type UserPart = OpenAI.Chat.Completions.ChatCompletionContentPart;

/**
 * Maps an AI SDK prompt to Chat Completions `messages`: system, user text,
 * images (`image_url`, inline data as a `data:` URL) and PDFs (`file`),
 * assistant text and tool calls, and tool results as `tool` messages.
 * Reasoning parts of earlier assistant turns are not sent (Chat Completions
 * takes none back, and DeepSeek refuses `reasoning_content` sent back), as
 * `@ai-sdk/openai` does. Assistant parts Chat Completions has no field for
 * (`file`, `reasoning-file`, `custom`) are left out with an `other` warning
 * each (`@ai-sdk/openai` leaves them out without one); `providerOptions.openai`
 * on a system, user or tool message or on a user or tool-result part is not
 * read: one `unsupported` warning per key and place (an assistant turn's
 * options are an earlier answer's metadata, and are not read either). A tool
 * message's `tool-approval-response` parts are the AI SDK's own bookkeeping
 * and are not sent, as `@ai-sdk/openai` does.
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @param options.warnings where warnings go.
 * @returns the messages.
 * @throws ProviderError (`invalid_request`) for a file type Chat Completions cannot take.
 */
export function convertToOpenAIChatMessages({
  prompt,
  modelId,
  warnings = [],
}: {
  prompt: LanguageModelV4Prompt;
  modelId: string;
  warnings?: SharedV4Warning[];
}): Message[] {
  const messages: Message[] = [];
  for (let messageIndex = 0; messageIndex < prompt.length; messageIndex++) {
    const message = prompt[messageIndex] as LanguageModelV4Prompt[number];
    if (message.role !== 'assistant')
      warnUnread(message.providerOptions, `a ${message.role} message`, warnings);
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;
      case 'user': {
        const only = message.content[0];
        if (message.content.length === 1 && only?.type === 'text') {
          warnUnread(only.providerOptions, 'a user text part', warnings);
          messages.push({ role: 'user', content: only.text });
          break;
        }
        const content: UserPart[] = [];
        for (const part of message.content) {
          warnUnread(part.providerOptions, `a user ${part.type} part`, warnings);
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
        for (let partIndex = 0; partIndex < message.content.length; partIndex++) {
          const part = message.content[partIndex] as (typeof message.content)[number];
          if (part.type === 'text') text += part.text;
          else if (part.type === 'file' || part.type === 'reasoning-file' || part.type === 'custom')
            warnings.push(
              leftOutPart(
                { messageIndex, partIndex },
                part.type,
                'an assistant message of Chat Completions takes text and tool calls only',
              ),
            );
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
          warnUnread(part.providerOptions, 'a tool-result part', warnings);
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

/** One `unsupported` warning per key of `providerOptions.openai` on a message or part (the adapter reads none there). */
function warnUnread(
  providerOptions: SharedV4ProviderOptions | undefined,
  where: string,
  warnings: SharedV4Warning[],
): void {
  const openai = providerOptions?.openai;
  if (openai === undefined) return;
  for (const key of Object.keys(openai)) {
    const feature = `providerOptions.openai.${key} on ${where}`;
    if (warnings.some((warning) => warning.type === 'unsupported' && warning.feature === feature)) continue;
    warnings.push({
      type: 'unsupported',
      feature,
      details:
        'not sent: the OpenAI adapter reads providerOptions.openai of the call only (request-body fields)',
    });
  }
}
