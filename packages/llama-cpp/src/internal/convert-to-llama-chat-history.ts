import type {
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { invalidPrompt, leftOutPart, toolResultText } from '@switchyard/core/adapter';
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelResponse } from 'node-llama-cpp';

/**
 * Maps an AI SDK prompt to a node-llama-cpp chat history: system messages,
 * user text (and text files), assistant text, reasoning (as `thought`
 * segments) and tool calls. Tool results are set, as text, on the function call of the
 * assistant message that made it, and an assistant message that follows tool
 * results continues the same model response, as node-llama-cpp expects.
 * Assistant parts a chat history has no item for (`file`, `reasoning-file`,
 * `custom`, a provider-executed tool's result) are left out with an `other`
 * warning naming each.
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @param options.provider the provider name, for error messages. Default `llama-cpp`.
 * @param options.warnings where warnings go.
 * @returns the chat history; the chat wrapper turns it into the model's template.
 * @throws ProviderError (`invalid_request`, code `unsupported_prompt`) for an image or binary file
 * (no vision in llama.cpp's text models here), also inside a tool result's content, a tool result without its
 * call, or a tool-call input that is not JSON.
 * @example
 * ```ts
 * convertToLlamaChatHistory({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }], modelId: 'tiny.gguf' });
 * // [{ type: 'user', text: 'Hi' }]
 * ```
 */
export function convertToLlamaChatHistory({
  prompt,
  modelId,
  provider = 'llama-cpp',
  warnings = [],
}: {
  prompt: LanguageModelV4Prompt;
  modelId: string;
  provider?: string;
  warnings?: SharedV4Warning[];
}): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const calls = new Map<string, ChatModelFunctionCall>();
  const invalid = (message: string) => invalidPrompt({ provider, model: modelId, message });
  for (let messageIndex = 0; messageIndex < prompt.length; messageIndex++) {
    const message = prompt[messageIndex] as LanguageModelV4Prompt[number];
    switch (message.role) {
      case 'system':
        history.push({ type: 'system', text: message.content });
        break;
      case 'user': {
        let text = '';
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.data.type === 'text') text += part.data.text;
          else
            throw invalid(
              `a user file of media type ${part.mediaType} (${part.data.type}) is not supported by llama.cpp text models; expected text`,
            );
        }
        history.push({ type: 'user', text });
        break;
      }
      case 'assistant': {
        const last = history.at(-1);
        // After tool results, the model goes on with the same response.
        const continues = last?.type === 'model' && hasResults(last);
        const item: ChatModelResponse = continues ? last : { type: 'model', response: [] };
        for (let partIndex = 0; partIndex < message.content.length; partIndex++) {
          const part = message.content[partIndex] as (typeof message.content)[number];
          if (part.type === 'text') item.response.push(part.text);
          else if (part.type === 'reasoning')
            item.response.push({ type: 'segment', segmentType: 'thought', text: part.text, ended: true });
          else if (part.type !== 'tool-call')
            warnings.push(
              leftOutPart(
                { messageIndex, partIndex },
                part.type,
                'a llama.cpp chat history takes text, reasoning and tool calls only',
              ),
            );
          else {
            const call: ChatModelFunctionCall = {
              type: 'functionCall',
              name: part.toolName,
              params: parseInput(part.input, part.toolName, invalid),
              result: undefined,
            };
            calls.set(part.toolCallId, call);
            item.response.push(call);
          }
        }
        if (!continues) history.push(item);
        break;
      }
      case 'tool':
        for (let partIndex = 0; partIndex < message.content.length; partIndex++) {
          const part = message.content[partIndex] as (typeof message.content)[number];
          if (part.type !== 'tool-result') continue;
          const call = calls.get(part.toolCallId);
          if (call === undefined)
            throw invalid(
              `the tool result ${part.toolCallId} (${part.toolName}) has no tool call before it in the prompt`,
            );
          call.result = resultText(part.output, `prompt[${messageIndex}].content[${partIndex}]`, invalid);
        }
        break;
    }
  }
  return history;
}

function hasResults(item: ChatModelResponse): boolean {
  const last = item.response.at(-1);
  return typeof last === 'object' && last.type === 'functionCall' && last.result !== undefined;
}

function parseInput(input: unknown, toolName: string, invalid: (message: string) => Error): unknown {
  if (typeof input !== 'string') return input ?? {};
  if (input === '') return {};
  try {
    return JSON.parse(input) as unknown;
  } catch {
    throw invalid(`the input of an earlier call of tool ${toolName} is not JSON`);
  }
}

/**
 * A tool result as the text of its function call. A `content` result keeps its text parts and text
 * files; an image or other file in it is refused by name (the JSON of its bytes would be sent as text).
 */
function resultText(
  output: LanguageModelV4ToolResultOutput,
  where: string,
  invalid: (message: string) => Error,
): string {
  if (output.type !== 'content') return toolResultText(output);
  return output.value
    .map((part, index) => {
      if (part.type === 'text') return part.text;
      if (part.type === 'file' && part.data.type === 'text') return part.data.text;
      const what =
        part.type === 'file'
          ? `a file of media type ${part.mediaType} (${part.data.type})`
          : `a ${part.type} part`;
      throw invalid(
        `${where}, a tool result, holds ${what} at output.value[${index}], which llama.cpp text models do not take; expected text`,
      );
    })
    .join('\n');
}
