import type { LanguageModelV4ToolResultPart, SharedV4Warning } from '@ai-sdk/provider';
import { toolResultText } from '@switchyard/core';
import { userFileBlock } from './user-file-block.js';

/** A content block as sent. */
type Block = Record<string, unknown>;

/**
 * The `tool_result` block of a tool message's result, as `@ai-sdk/anthropic`
 * sends it: `is_error` for error outputs and denied executions, the output
 * as text (JSON for `json` outputs, the reason of a denied execution), and a
 * `content` output as content blocks: text as `text`, files as `image` or
 * `document` blocks as a user's files are sent, a custom part marked
 * `providerOptions.anthropic.type: 'tool-reference'` as a `tool_reference`
 * block. Another custom part cannot be sent: it is left out with a warning.
 *
 * @param options.part the tool-result part.
 * @param options.modelId the model id, for errors.
 * @param options.where where the part is (`prompt[3].content[0]`), for warnings.
 * @param options.warnings where warnings go.
 * @returns the block.
 * @throws ProviderError (`invalid_request`) for a file the Messages API cannot take.
 */
export function toolResultBlock(options: {
  part: LanguageModelV4ToolResultPart;
  modelId: string;
  where: string;
  warnings: SharedV4Warning[];
}): Block {
  const { part } = options;
  const output = part.output;
  const isError =
    output.type === 'error-text' || output.type === 'error-json' || output.type === 'execution-denied';
  return {
    type: 'tool_result',
    tool_use_id: part.toolCallId,
    content: output.type === 'content' ? contentBlocks(output.value, options) : toolResultText(output),
    ...(isError ? { is_error: true } : {}),
  };
}

type ContentPart = Extract<LanguageModelV4ToolResultPart['output'], { type: 'content' }>['value'][number];

function contentBlocks(
  parts: ContentPart[],
  options: { modelId: string; where: string; warnings: SharedV4Warning[] },
): Block[] {
  const blocks: Block[] = [];
  for (const [index, part] of parts.entries()) {
    switch (part.type) {
      case 'text':
        blocks.push({ type: 'text', text: part.text });
        break;
      case 'file':
        blocks.push(userFileBlock({ part, modelId: options.modelId, what: 'a tool result file' }));
        break;
      default: {
        const anthropic = part.providerOptions?.anthropic;
        if (anthropic?.type === 'tool-reference' && typeof anthropic.toolName === 'string')
          blocks.push({ type: 'tool_reference', tool_name: anthropic.toolName });
        else
          options.warnings.push({
            type: 'other',
            message: `the custom content part ${options.where}.output.value[${index}] of a tool result cannot be sent to the Messages API (only providerOptions.anthropic.type 'tool-reference' with a toolName can); left out`,
          });
      }
    }
  }
  return blocks;
}
