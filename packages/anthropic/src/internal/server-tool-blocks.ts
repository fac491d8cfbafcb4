import type { LanguageModelV4ToolResultPart } from '@ai-sdk/provider';
import { snakeCaseKeys } from './anthropic-tools.js';

/** A content block as sent (server-tool blocks the SDK's types may not name). */
type Block = Record<string, unknown>;

/** The `server_tool_use` block of a provider-executed call, undoing the AI SDK's renaming of code-execution sub-tools. */
export function serverToolUse(id: string, apiName: string, input: unknown): Block {
  const fields = input !== null && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  if (apiName === 'code_execution' && typeof fields.type === 'string') {
    const { type, ...rest } = fields;
    if (type === 'bash_code_execution' || type === 'text_editor_code_execution')
      return { type: 'server_tool_use', id, name: type, input: rest };
    if (type === 'programmatic-tool-call')
      return { type: 'server_tool_use', id, name: 'code_execution', input: rest };
  }
  if (apiName === 'advisor') return { type: 'server_tool_use', id, name: 'advisor', input: {} };
  return { type: 'server_tool_use', id, name: apiName, input: input ?? {} };
}

/** The result block of a provider-executed tool's result, as the API sent it (undefined: not representable). */
export function serverToolResult(part: LanguageModelV4ToolResultPart, apiName: string): Block | undefined {
  const output = part.output;
  const id = part.toolCallId;
  if (apiName === 'mcp') {
    if (output.type !== 'json' && output.type !== 'error-json') return undefined;
    return {
      type: 'mcp_tool_result',
      tool_use_id: id,
      is_error: output.type === 'error-json',
      content: output.value,
    };
  }
  if (output.type !== 'json' && output.type !== 'error-json') return undefined;
  const value = snakeCaseKeys(output.value);
  const fields =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  const errorCode = fields.error_code ?? 'unavailable';
  switch (apiName) {
    case 'web_search':
      return {
        type: 'web_search_tool_result',
        tool_use_id: id,
        content:
          output.type === 'error-json' || !Array.isArray(value)
            ? { type: 'web_search_tool_result_error', error_code: errorCode }
            : value,
      };
    case 'web_fetch':
      return {
        type: 'web_fetch_tool_result',
        tool_use_id: id,
        content:
          output.type === 'error-json'
            ? { type: 'web_fetch_tool_result_error', error_code: errorCode }
            : value,
      };
    case 'tool_search_tool_regex':
    case 'tool_search_tool_bm25':
      return {
        type: 'tool_search_tool_result',
        tool_use_id: id,
        content:
          output.type === 'error-json' || !Array.isArray(value)
            ? { type: 'tool_search_tool_result_error', error_code: errorCode }
            : { type: 'tool_search_tool_search_result', tool_references: value },
      };
    case 'advisor':
      return { type: 'advisor_tool_result', tool_use_id: id, content: value };
    case 'code_execution': {
      const kind = typeof fields.type === 'string' ? fields.type : '';
      const blockType = kind.startsWith('bash_code_execution')
        ? 'bash_code_execution_tool_result'
        : kind.startsWith('text_editor_code_execution')
          ? 'text_editor_code_execution_tool_result'
          : 'code_execution_tool_result';
      return { type: blockType, tool_use_id: id, content: value };
    }
    default:
      return { type: `${apiName}_tool_result`, tool_use_id: id, content: value };
  }
}
