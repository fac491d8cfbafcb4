import type { LanguageModelV4Prompt, SharedV4Warning } from '@ai-sdk/provider';
import { invalidPrompt, leftOutPart } from '@switchyard/core';
import { type ToolNames, toolNamesOf } from './anthropic-tools.js';
import {
  asksForCache,
  markLastBlock,
  messageCacheOf,
  type PromptOptionsContext,
  readPartOptions,
  toolOutputCacheOptions,
} from './apply-prompt-options.js';
import { CacheBreakpoints } from './cache-breakpoints.js';
import { lateSystemWarning } from './prompt-conversion-warnings.js';
import { serverToolResult, serverToolUse } from './server-tool-blocks.js';
import { toolResultBlock } from './tool-result-block.js';
import { userFileBlock } from './user-file-block.js';

/** A content block as sent (in the SDK's `ContentBlockParam` shapes, plus server-tool and compaction blocks they may not name). */
type Block = Record<string, unknown>;
type Message = { role: 'user' | 'assistant'; content: Block[] };

/** Appends a turn's blocks, merged into the last turn when it has the same role (the API requires alternating roles). */
function pushTurn(messages: Message[], role: 'user' | 'assistant', blocks: Block[]): void {
  if (blocks.length === 0) return;
  const last = messages.at(-1);
  if (last !== undefined && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
  else messages.push({ role, content: blocks });
}

/**
 * Maps an AI SDK prompt to the Messages API: system messages become the
 * top-level `system` (joined by blank lines; one text block each when one of
 * them carries a cache breakpoint; one after the conversation began is moved
 * there too, with a `compatibility` warning naming it), user text, images (base64 or URL) and
 * documents (PDFs, text) become content blocks, assistant text and tool calls
 * become `text`/`tool_use` blocks, and tool results `tool_result` blocks in a
 * user turn (a `content` output's text and files as blocks in it). Consecutive turns of the same role are merged, as the API
 * requires alternating roles.
 *
 * `providerOptions.anthropic` is read as `@ai-sdk/anthropic` reads it:
 * `cacheControl` (or `cache_control`) on a part is the `cache_control` of its
 * block, on a message that of the message's last block (unless that part set
 * its own); a document part's `citations`, `title` and `context` go on its
 * `document` block. Values are validated; other keys give an `unsupported`
 * warning each.
 *
 * What an earlier answer carried comes back as the API sent it, in the shapes
 * `@ai-sdk/anthropic` uses: reasoning with its signature as `thinking` (or
 * `redacted_thinking`) blocks (reasoning without one is left out, with a
 * warning, as `@ai-sdk/anthropic` warns: the API would refuse it), text marked `providerOptions.anthropic.type: 'compaction'`
 * as the `compaction` block, the citations an answer's text carried, provider-executed
 * tool calls as `server_tool_use` / `mcp_tool_use` blocks and their results as
 * the matching result blocks (`web_search_tool_result`, `web_fetch_tool_result`,
 * `code_execution_tool_result`, ...), Anthropic-defined tools by their API names.
 * An assistant part the Messages API has no block for (`file`,
 * `reasoning-file`, `custom`) is left out with a warning naming it
 * (`@ai-sdk/anthropic` leaves them out without one, and sends `custom` of
 * kind `anthropic.fallback` as a beta `fallback` block, which this adapter
 * does not). A tool message's `tool-approval-response` parts are the AI
 * SDK's own bookkeeping and are not sent, as `@ai-sdk/anthropic` does.
 *
 * @param options.prompt the AI SDK prompt.
 * @param options.modelId the model id, for error messages.
 * @param options.names the tool-name mapping of the call (default: from no provider tools).
 * @param options.warnings where warnings go (a part that cannot be sent back, an option not sent).
 * @param options.breakpoints the request's cache breakpoints (default: this prompt's own, finished here).
 * @returns `system` (undefined when there is none) and `messages`.
 * @throws ProviderError (`invalid_request`) for a file type the Messages API cannot take, a
 *   tool call whose input is a string that is not JSON, or an invalid cache or document option.
 */
export function convertToAnthropicMessages({
  prompt,
  modelId,
  names = toolNamesOf(undefined),
  warnings = [],
  breakpoints,
}: {
  prompt: LanguageModelV4Prompt;
  modelId: string;
  names?: ToolNames;
  warnings?: SharedV4Warning[];
  breakpoints?: CacheBreakpoints;
}): {
  system: string | Block[] | undefined;
  messages: Message[];
} {
  const context: PromptOptionsContext = {
    modelId,
    warnings,
    cache: breakpoints ?? new CacheBreakpoints({ warnings, requestLevel: false }),
  };
  const system: string[] = [];
  let systemMarked: Map<number, Block> | undefined;
  const messages: Message[] = [];
  for (let messageIndex = 0; messageIndex < prompt.length; messageIndex++) {
    const message = prompt[messageIndex] as LanguageModelV4Prompt[number];
    const messageOptions = message.providerOptions?.anthropic;
    const messageCache =
      messageOptions === undefined
        ? undefined
        : messageCacheOf(context, messageOptions, messageIndex, message.role);
    switch (message.role) {
      case 'system':
        if (messages.length > 0 && message.content !== '') warnings.push(lateSystemWarning(messageIndex));
        system.push(message.content);
        if (messageCache !== undefined) {
          const block: Block | undefined =
            message.content === '' ? undefined : { type: 'text', text: message.content };
          context.cache.mark({
            block,
            cacheControl: messageCache,
            where: `prompt[${messageIndex}]`,
            section: 'system',
          });
          if (block?.cache_control !== undefined) {
            systemMarked ??= new Map();
            systemMarked.set(system.length - 1, block);
          }
        }
        break;
      case 'user': {
        const blocks: Block[] = [];
        for (let partIndex = 0; partIndex < message.content.length; partIndex++) {
          const part = message.content[partIndex] as (typeof message.content)[number];
          const block: Block =
            part.type === 'text' ? { type: 'text', text: part.text } : userFileBlock({ part, modelId });
          blocks.push(block);
          const anthropic = part.providerOptions?.anthropic;
          if (anthropic !== undefined)
            readPartOptions(context, {
              block,
              anthropic,
              messageIndex,
              partIndex,
              where: `a user ${part.type} part`,
            });
        }
        if (messageCache !== undefined) markLastBlock(context, blocks, messageCache, messageIndex);
        pushTurn(messages, 'user', blocks);
        break;
      }
      case 'assistant': {
        const blocks: Block[] = [];
        const mcpCalls = new Set<string>();
        for (let partIndex = 0; partIndex < message.content.length; partIndex++) {
          const part = message.content[partIndex] as (typeof message.content)[number];
          const anthropic = part.providerOptions?.anthropic as Record<string, unknown> | undefined;
          const before = blocks.length;
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
              else
                warnings.push(
                  leftOutPart(
                    { messageIndex, partIndex },
                    'reasoning',
                    'it has no providerOptions.anthropic.signature or redactedData, and the Messages API takes back only signed thinking',
                  ),
                );
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
              // `file`, `reasoning-file`, `custom`: an assistant turn of the Messages API has no block for them.
              warnings.push(
                leftOutPart(
                  { messageIndex, partIndex },
                  part.type,
                  'an assistant turn of the Messages API takes text, thinking, tool calls and server-tool results only',
                ),
              );
              break;
          }
          // An earlier answer's metadata rides on these options too: only a breakpoint is read.
          if (asksForCache(anthropic)) {
            const block = blocks.length > before ? blocks.at(-1) : undefined;
            readPartOptions(context, { block, anthropic, messageIndex, partIndex });
          }
        }
        if (messageCache !== undefined) markLastBlock(context, blocks, messageCache, messageIndex);
        pushTurn(messages, 'assistant', blocks);
        break;
      }
      case 'tool': {
        const blocks: Block[] = [];
        for (let partIndex = 0; partIndex < message.content.length; partIndex++) {
          const part = message.content[partIndex] as (typeof message.content)[number];
          if (part.type !== 'tool-result') continue;
          const block = toolResultBlock({
            part,
            modelId,
            where: `prompt[${messageIndex}].content[${partIndex}]`,
            warnings,
          });
          blocks.push(block);
          const anthropic = part.providerOptions?.anthropic;
          if (anthropic !== undefined)
            readPartOptions(context, {
              block,
              anthropic,
              messageIndex,
              partIndex,
              where: 'a tool tool-result part',
            });
          // The output's breakpoint (or its first content part's) when the part asked for none.
          const output = asksForCache(anthropic) ? undefined : toolOutputCacheOptions(part.output);
          if (output !== undefined) readPartOptions(context, { block, messageIndex, partIndex, ...output });
        }
        if (messageCache !== undefined) markLastBlock(context, blocks, messageCache, messageIndex);
        pushTurn(messages, 'user', blocks);
        break;
      }
    }
  }
  if (breakpoints === undefined) context.cache.finish();
  if (system.length === 0) return { system: undefined, messages };
  if (systemMarked === undefined) return { system: system.join('\n\n'), messages };
  const marked = systemMarked;
  const blocks = system.flatMap((text, index) =>
    text === '' ? [] : [marked.get(index) ?? { type: 'text', text }],
  );
  return { system: blocks, messages };
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
