import type { LanguageModelV4Prompt, SharedV4Warning } from '@ai-sdk/provider';
import type Anthropic from '@anthropic-ai/sdk';
import { invalidPrompt, toBase64, toolResultText } from '@switchyard/core';
import { type ToolNames, toolNamesOf } from './anthropic-tools.js';
import { serverToolResult, serverToolUse } from './server-tool-blocks.js';
import { warnUnsentOptions } from './warn-unsent-options.js';

/** A content block as sent (the SDK's types, plus server-tool and compaction blocks they may not name). */
type Block = Anthropic.Messages.ContentBlockParam | Record<string, unknown>;
type Message = { role: 'user' | 'assistant'; content: Block[] };
const imageTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Appends a turn's blocks, merged into the last turn when it has the same role (the API requires alternating roles). */
function pushTurn(messages: Message[], role: 'user' | 'assistant', blocks: Block[]): void {
  if (blocks.length === 0) return;
  const last = messages.at(-1);
  if (last !== undefined && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

/**
 * Maps an AI SDK prompt to the Messages API: system messages become the
 * top-level `system` (joined by blank lines), user text, images (base64 or
 * URL) and PDFs become content blocks, assistant text and tool calls become
 * `text`/`tool_use` blocks, and tool results `tool_result` blocks in a user
 * turn. Consecutive turns of the same role are merged, as the API requires
 * alternating roles.
 *
 * What an earlier answer carried comes back as the API sent it, in the shapes
 * `@ai-sdk/anthropic` uses: reasoning with its signature as `thinking` (or
 * `redacted_thinking`) blocks (reasoning without one is dropped: the API
 * would refuse it), text marked `providerOptions.anthropic.type: 'compaction'`
 * as the `compaction` block, the citations an answer's text carried, provider-executed
 * tool calls as `server_tool_use` / `mcp_tool_use` blocks and their results as
 * the matching result blocks (`web_search_tool_result`, `web_fetch_tool_result`,
 * `code_execution_tool_result`, ...), Anthropic-defined tools by their API names.
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @param options.names the tool-name mapping of the call (default: from no provider tools).
 * @param options.warnings where warnings go (a part that cannot be sent back).
 * @returns `system` (undefined when there is none) and `messages`.
 * @throws ProviderError (`invalid_request`) for a file type the Messages API cannot take, or a
 *   tool call whose input is a string that is not JSON.
 */
export function convertToAnthropicMessages({
  prompt,
  modelId,
  names = toolNamesOf(undefined),
  warnings = [],
}: {
  prompt: LanguageModelV4Prompt;
  modelId: string;
  names?: ToolNames;
  warnings?: SharedV4Warning[];
}): {
  system: string | undefined;
  messages: Message[];
} {
  const system: string[] = [];
  const messages: Message[] = [];
  for (const message of prompt) {
    if (message.providerOptions !== undefined)
      warnUnsentOptions({ providerOptions: message.providerOptions, role: message.role, warnings });
    switch (message.role) {
      case 'system':
        system.push(message.content);
        break;
      case 'user': {
        const blocks: Block[] = [];
        for (const part of message.content) {
          if (part.providerOptions !== undefined)
            warnUnsentOptions({
              providerOptions: part.providerOptions,
              role: 'user',
              partType: part.type,
              warnings,
            });
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
        pushTurn(messages, 'user', blocks);
        break;
      }
      case 'assistant': {
        const blocks: Block[] = [];
        const mcpCalls = new Set<string>();
        for (const part of message.content) {
          const anthropic = part.providerOptions?.anthropic as Record<string, unknown> | undefined;
          switch (part.type) {
            case 'text':
              if (anthropic?.type === 'compaction') blocks.push({ type: 'compaction', content: part.text });
              else if (part.text !== '')
                blocks.push({
                  type: 'text',
                  text: part.text,
                  ...(Array.isArray(anthropic?.citations) ? { citations: anthropic.citations } : {}),
                });
              break;
            case 'reasoning':
              if (typeof anthropic?.signature === 'string')
                blocks.push({ type: 'thinking', thinking: part.text, signature: anthropic.signature });
              else if (typeof anthropic?.redactedData === 'string')
                blocks.push({ type: 'redacted_thinking', data: anthropic.redactedData });
              break;
            case 'tool-call': {
              const input =
                typeof part.input === 'string'
                  ? parseToolInput(part.input, part.toolName, modelId)
                  : part.input;
              if (part.providerExecuted !== true) {
                blocks.push({
                  type: 'tool_use',
                  id: part.toolCallId,
                  name: names.apiName(part.toolName),
                  input: input ?? {},
                });
              } else if (anthropic?.type === 'mcp-tool-use') {
                mcpCalls.add(part.toolCallId);
                blocks.push({
                  type: 'mcp_tool_use',
                  id: part.toolCallId,
                  name: part.toolName,
                  input: input ?? {},
                  server_name: anthropic.serverName,
                });
              } else {
                blocks.push(serverToolUse(part.toolCallId, names.apiName(part.toolName), input));
              }
              break;
            }
            case 'tool-result': {
              const block = serverToolResult(
                part,
                mcpCalls.has(part.toolCallId) ? 'mcp' : names.apiName(part.toolName),
              );
              if (block === undefined)
                warnings.push({
                  type: 'other',
                  message: `the result of provider-executed tool ${part.toolName} (${part.output.type}) cannot be sent back; left out`,
                });
              else blocks.push(block);
              break;
            }
            default:
              break;
          }
        }
        pushTurn(messages, 'assistant', blocks);
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
        pushTurn(messages, 'user', blocks);
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
