import type { LanguageModelV4ToolResultOutput, SharedV4Warning } from '@ai-sdk/provider';
import {
  type AnthropicCacheControl,
  anthropicCacheOptionsSchema,
  anthropicDocumentOptionsSchema,
} from '../anthropic-prompt-options.js';
import type { CacheBreakpoints } from './cache-breakpoints.js';
import { readPromptOptions } from './read-prompt-options.js';
import { applyDocumentOptions } from './user-file-block.js';
import { warnUnsentOptions } from './warn-unsent-options.js';

/**
 * How `convertToAnthropicMessages` applies `providerOptions.anthropic` of a
 * prompt's messages and parts to the blocks they became: validated, the keys
 * not sent warned of, cache breakpoints marked. Called only for elements that
 * carry Anthropic options.
 */

/** A content block as sent. */
type Block = Record<string, unknown>;

/** What reading a prompt's Anthropic options needs: the model id (errors), the warnings and the breakpoints. */
export interface PromptOptionsContext {
  modelId: string;
  warnings: SharedV4Warning[];
  cache: CacheBreakpoints;
}

/** Whether `providerOptions.anthropic` names a cache breakpoint (read without validating). */
export function asksForCache(
  anthropic: Record<string, unknown> | undefined,
): anthropic is Record<string, unknown> {
  return (
    anthropic !== undefined && (anthropic.cacheControl !== undefined || anthropic.cache_control !== undefined)
  );
}

/** A message's breakpoint (validated), warning of its other keys. */
export function messageCacheOf(
  context: PromptOptionsContext,
  anthropic: Record<string, unknown>,
  messageIndex: number,
  role: string,
): AnthropicCacheControl | undefined {
  const options = readPromptOptions({
    anthropic,
    schema: anthropicCacheOptionsSchema,
    modelId: context.modelId,
    location: `prompt[${messageIndex}]`,
  });
  warnUnsentOptions({
    anthropic,
    sent: anthropicCacheOptionsSchema.shape,
    where: `a ${role} message`,
    warnings: context.warnings,
  });
  return options.cacheControl ?? options.cache_control;
}

/** Puts a message's breakpoint on its last block, unless that block's part set its own. */
export function markLastBlock(
  context: PromptOptionsContext,
  blocks: Block[],
  cacheControl: AnthropicCacheControl,
  messageIndex: number,
) {
  const last = blocks.at(-1);
  if (last?.cache_control === undefined)
    context.cache.mark({ block: last, cacheControl, where: `prompt[${messageIndex}]`, section: 'messages' });
}

/**
 * Reads a part's options (validated; a document's too), warns of the keys
 * not sent (when `where` names the part), and marks its block. `within`
 * names where in the part the options sit (`.output`, `.output.value[1]`),
 * for errors and warnings.
 */
export function readPartOptions(
  context: PromptOptionsContext,
  options: {
    block: Block | undefined;
    anthropic: Record<string, unknown>;
    messageIndex: number;
    partIndex: number;
    where?: string;
    within?: string;
  },
): void {
  const { block, anthropic, where } = options;
  const document = block?.type === 'document';
  const schema = document ? anthropicDocumentOptionsSchema : anthropicCacheOptionsSchema;
  const location = `prompt[${options.messageIndex}].content[${options.partIndex}]${options.within ?? ''}`;
  const read = readPromptOptions({ anthropic, schema, modelId: context.modelId, location });
  if (where !== undefined)
    warnUnsentOptions({ anthropic, sent: schema.shape, where, warnings: context.warnings });
  if (document && block !== undefined) applyDocumentOptions(block, read);
  const cacheControl = read.cacheControl ?? read.cache_control;
  if (cacheControl !== undefined)
    context.cache.mark({ block, cacheControl, where: location, section: 'messages' });
}

/**
 * The Anthropic options of a tool result's output that ask for a cache
 * breakpoint, as `@ai-sdk/anthropic` reads them: the output's own, or (a
 * `content` output has none) those of its first content part that asks for
 * one. The result is one `tool_result` block, so it takes one breakpoint:
 * a later content part's is the same prefix and is not counted again.
 *
 * @returns the options and where they sit in the part (`.output`, `.output.value[2]`), or undefined.
 */
export function toolOutputCacheOptions(
  output: LanguageModelV4ToolResultOutput,
): { anthropic: Record<string, unknown>; within: string } | undefined {
  if (output.type !== 'content') {
    const anthropic = output.providerOptions?.anthropic;
    return asksForCache(anthropic) ? { anthropic, within: '.output' } : undefined;
  }
  const index = output.value.findIndex((part) => asksForCache(part.providerOptions?.anthropic));
  const anthropic = output.value[index]?.providerOptions?.anthropic;
  return asksForCache(anthropic) ? { anthropic, within: `.output.value[${index}]` } : undefined;
}
