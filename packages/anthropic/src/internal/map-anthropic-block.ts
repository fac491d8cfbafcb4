import type { JSONValue, LanguageModelV4Content, SharedV4ProviderMetadata } from '@ai-sdk/provider';
import { type ProviderCall, parseWire } from '@switchyard/core/adapter';
import { z } from 'zod';
import type { ToolNames } from './anthropic-tools.js';
import type { AnthropicBlock } from './anthropic-wire.js';
import {
  type AnthropicCitation,
  type CitationDocument,
  citationSource,
  textCitations,
} from './citation-sources.js';
import type { UnknownBlock } from './unknown-blocks.js';

const textBlock = z.looseObject({ text: z.string(), citations: z.array(z.unknown()).nullish() });
const thinkingBlock = z.looseObject({ thinking: z.string(), signature: z.string().nullish() });
const redactedBlock = z.looseObject({ data: z.string() });
const compactionBlock = z.looseObject({ content: z.string().nullish() });
const toolUseBlock = z.looseObject({ id: z.string(), name: z.string(), input: z.unknown().optional() });
const mcpToolUseBlock = z.looseObject({
  id: z.string(),
  name: z.string(),
  input: z.unknown().optional(),
  server_name: z.string().nullish(),
});
const toolResultBlock = z.looseObject({
  tool_use_id: z.string(),
  content: z.unknown().optional(),
  is_error: z.boolean().nullish(),
});
const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/** Server tools whose calls the API names after a sub-tool of code execution (20250825). */
const codeExecutionSubtools = new Set(['bash_code_execution', 'text_editor_code_execution']);

/**
 * What mapping the blocks of one answer shares: tool names, the calls seen so
 * far, source ids, the documents citations name.
 */
export class BlockContext {
  /** MCP calls by id: their name and server, for their results. */
  readonly mcpCalls = new Map<string, { name: string; metadata: SharedV4ProviderMetadata }>();
  /** Server-tool calls by id: the API's tool name, for their results. */
  readonly serverCalls = new Map<string, string>();
  /**
   * The answer has web search results (their `source` parts); its web search
   * citations then give no sources of their own. A stream learns it as results come.
   */
  webSearchResults = false;
  /**
   * The blocks of a type this adapter does not know (a newer API's), left out
   * of the content, kept whole here: `providerMetadata.anthropic.unknownBlocks`
   * of the answer, and a warning in `doGenerate`.
   */
  readonly unknownBlocks: UnknownBlock[] = [];
  #sources = 0;

  /**
   * @param names the call's tool names.
   * @param call the provider and model, for errors.
   * @param documents the documents citations can name (`citationDocuments` of the prompt);
   *   a `web_fetch` result's page is added as it arrives.
   */
  constructor(
    readonly names: ToolNames,
    readonly call: ProviderCall,
    readonly documents: CitationDocument[] = [],
  ) {}

  /** A source id unique in the answer. */
  sourceId(): string {
    return `source-${this.#sources++}`;
  }
}

/** The AI SDK's name and input of a `server_tool_use` block (the shapes `@ai-sdk/anthropic` uses). */
export function serverToolCall(
  name: string,
  input: unknown,
  names: ToolNames,
): { toolName: string; input: unknown; apiName: string } {
  if (codeExecutionSubtools.has(name)) {
    return {
      apiName: 'code_execution',
      toolName: names.userName('code_execution'),
      input: { type: name, ...record(input) },
    };
  }
  const fields = record(input);
  if (name === 'code_execution' && 'code' in fields && !('type' in fields)) {
    return {
      apiName: name,
      toolName: names.userName(name),
      input: { type: 'programmatic-tool-call', ...fields },
    };
  }
  return { apiName: name, toolName: names.userName(name), input: input ?? {} };
}

/**
 * The AI SDK content of one complete Messages API content block, in the
 * shapes `@ai-sdk/anthropic` uses, so answers and later turns move freely
 * between the two:
 *
 * | block | content |
 * |---|---|
 * | `text` | text (its citations in `providerMetadata.anthropic.citations`) |
 * | `thinking`, `redacted_thinking` | reasoning, with `providerMetadata.anthropic.signature` / `redactedData` (sent back on the next turn) |
 * | `compaction` | text with `providerMetadata.anthropic.type: 'compaction'` (sent back as the compaction block) |
 * | `tool_use` | a tool call (the user's name of an Anthropic-defined tool) |
 * | `server_tool_use` | a provider-executed tool call (`web_search`, `web_fetch`, `code_execution`, tool search, `advisor`) |
 * | `mcp_tool_use`, `mcp_tool_result` | a provider-executed, dynamic tool call and its result |
 * | `web_search_tool_result`, `web_fetch_tool_result`, `*code_execution_tool_result`, `tool_search_tool_result`, `advisor_tool_result` | a tool result (`isError` for the `*_error` contents); web search results also as `source` parts |
 * | anything else (a type newer than this adapter) | nothing: kept whole in `context.unknownBlocks` |
 *
 * @param block the block.
 * @param context the answer's shared state.
 * @param index the block's index in its message, for `context.unknownBlocks`.
 * @returns the content parts.
 * @throws ProviderError (`malformed_response`) for a known block whose fields have the wrong types.
 */
export function mapAnthropicBlock(
  block: AnthropicBlock,
  context: BlockContext,
  index: number,
): LanguageModelV4Content[] {
  const wire = { call: context.call, what: `a Messages API ${block.type} block` };
  switch (block.type) {
    case 'text': {
      // A plain text block (a string `text`, no citations) is what `textBlock` accepts as it is.
      if (typeof block.text === 'string' && block.citations == null)
        return [{ type: 'text', text: block.text }];
      const text = parseWire(textBlock, block, wire);
      // Every citation is kept as the API sent it (web search, documents, search results), so a
      // later turn sends it back, as `@ai-sdk/anthropic` does.
      const citations = (text.citations ?? []).filter(
        (citation): citation is AnthropicCitation =>
          citation !== null && typeof citation === 'object' && !Array.isArray(citation),
      );
      if (citations.length === 0) return [{ type: 'text', text: text.text }];
      const sources: LanguageModelV4Content[] = [];
      for (const citation of citations) {
        if (citation.type === 'web_search_result_location' && context.webSearchResults) continue;
        const source = citationSource(citation, context.documents, () => context.sourceId());
        if (source !== undefined) sources.push(source);
      }
      return [
        {
          type: 'text',
          text: text.text,
          ...textCitations(citations, context.documents),
          providerMetadata: { anthropic: { citations: citations as JSONValue } },
        },
        ...sources,
      ];
    }
    case 'thinking': {
      const thinking = parseWire(thinkingBlock, block, wire);
      return [
        {
          type: 'reasoning',
          text: thinking.thinking,
          ...(thinking.signature == null
            ? {}
            : { providerMetadata: { anthropic: { signature: thinking.signature } } }),
        },
      ];
    }
    case 'redacted_thinking':
      return [
        {
          type: 'reasoning',
          text: '',
          providerMetadata: { anthropic: { redactedData: parseWire(redactedBlock, block, wire).data } },
        },
      ];
    case 'compaction':
      return [
        {
          type: 'text',
          text: parseWire(compactionBlock, block, wire).content ?? '',
          providerMetadata: { anthropic: { type: 'compaction' } },
        },
      ];
    case 'tool_use': {
      const use = parseWire(toolUseBlock, block, wire);
      return [
        {
          type: 'tool-call',
          toolCallId: use.id,
          toolName: context.names.userName(use.name),
          input: JSON.stringify(use.input ?? {}),
        },
      ];
    }
    case 'server_tool_use': {
      const use = parseWire(toolUseBlock, block, wire);
      const mapped = serverToolCall(use.name, use.input, context.names);
      context.serverCalls.set(use.id, mapped.apiName);
      return [
        {
          type: 'tool-call',
          toolCallId: use.id,
          toolName: mapped.toolName,
          input: JSON.stringify(mapped.input),
          providerExecuted: true,
        },
      ];
    }
    case 'mcp_tool_use': {
      const use = parseWire(mcpToolUseBlock, block, wire);
      const metadata = { anthropic: { type: 'mcp-tool-use', serverName: use.server_name ?? null } };
      context.mcpCalls.set(use.id, { name: use.name, metadata });
      return [
        {
          type: 'tool-call',
          toolCallId: use.id,
          toolName: use.name,
          input: JSON.stringify(use.input ?? {}),
          providerExecuted: true,
          dynamic: true,
          providerMetadata: metadata,
        },
      ];
    }
    default:
      if (block.type.endsWith('_tool_result')) return toolResult(block, context);
      context.unknownBlocks.push({ index, type: block.type, block: block as JSONValue });
      return [];
  }
}

function toolResult(block: AnthropicBlock, context: BlockContext): LanguageModelV4Content[] {
  const result = parseWire(toolResultBlock, block, {
    call: context.call,
    what: `a Messages API ${block.type} block`,
  });
  const id = result.tool_use_id;
  const content = result.content;
  const fields = record(content);
  const errorOf = (): LanguageModelV4Content[] => [
    {
      type: 'tool-result',
      toolCallId: id,
      toolName: toolNameOf(block.type, id, context),
      isError: true,
      result: { type: String(fields.type), errorCode: (fields.error_code as JSONValue) ?? null },
    },
  ];
  switch (block.type) {
    case 'mcp_tool_result': {
      const mcp = context.mcpCalls.get(id);
      return [
        {
          type: 'tool-result',
          toolCallId: id,
          toolName: mcp?.name ?? 'mcp',
          isError: result.is_error === true,
          result: (content ?? '') as NonNullable<JSONValue>,
          dynamic: true,
          ...(mcp === undefined ? {} : { providerMetadata: mcp.metadata }),
        },
      ];
    }
    case 'web_search_tool_result': {
      if (!Array.isArray(content)) return errorOf();
      const hits = content.map(record);
      if (hits.length > 0) context.webSearchResults = true;
      return [
        {
          type: 'tool-result',
          toolCallId: id,
          toolName: context.names.userName('web_search'),
          result: hits.map((hit) => ({
            url: (hit.url as JSONValue) ?? null,
            title: (hit.title as JSONValue) ?? null,
            pageAge: (hit.page_age as JSONValue) ?? null,
            encryptedContent: (hit.encrypted_content as JSONValue) ?? null,
            type: (hit.type as JSONValue) ?? null,
          })),
        },
        ...hits
          .filter((hit) => typeof hit.url === 'string')
          .map(
            (hit): LanguageModelV4Content => ({
              type: 'source',
              sourceType: 'url',
              id: context.sourceId(),
              url: hit.url as string,
              ...(typeof hit.title === 'string' ? { title: hit.title } : {}),
              providerMetadata: { anthropic: { pageAge: (hit.page_age as JSONValue) ?? null } },
            }),
          ),
      ];
    }
    case 'web_fetch_tool_result': {
      if (fields.type !== 'web_fetch_result') return errorOf();
      const document = record(fields.content);
      const source = record(document.source);
      // The fetched page is the next document citations can name, as @ai-sdk/anthropic counts it.
      context.documents.push({
        title: String(document.title ?? fields.url),
        mediaType: String(source.media_type),
      });
      return [
        {
          type: 'tool-result',
          toolCallId: id,
          toolName: context.names.userName('web_fetch'),
          result: {
            type: 'web_fetch_result',
            url: (fields.url as JSONValue) ?? null,
            retrievedAt: (fields.retrieved_at as JSONValue) ?? null,
            content: {
              type: (document.type as JSONValue) ?? null,
              title: (document.title as JSONValue) ?? null,
              citations: (document.citations as JSONValue) ?? null,
              source: {
                type: (source.type as JSONValue) ?? null,
                mediaType: (source.media_type as JSONValue) ?? null,
                data: (source.data as JSONValue) ?? null,
              },
            },
          },
        },
      ];
    }
    case 'tool_search_tool_result': {
      if (fields.type !== 'tool_search_tool_search_result') return errorOf();
      const references = Array.isArray(fields.tool_references) ? fields.tool_references.map(record) : [];
      return [
        {
          type: 'tool-result',
          toolCallId: id,
          toolName: toolNameOf(block.type, id, context),
          result: references.map((reference) => ({
            type: (reference.type as JSONValue) ?? null,
            toolName: (reference.tool_name as JSONValue) ?? null,
          })),
        },
      ];
    }
    case 'advisor_tool_result': {
      if (fields.type !== 'advisor_result' && fields.type !== 'advisor_redacted_result') return errorOf();
      return [
        {
          type: 'tool-result',
          toolCallId: id,
          toolName: context.names.userName('advisor'),
          result: camelCaseKeys(fields) as NonNullable<JSONValue>,
        },
      ];
    }
    default: {
      // Code execution (`code_execution_tool_result`, `bash_...`, `text_editor_...`) and any newer server tool.
      const isError = typeof fields.type === 'string' && fields.type.endsWith('_error');
      if (isError && block.type === 'code_execution_tool_result') return errorOf();
      return [
        {
          type: 'tool-result',
          toolCallId: id,
          toolName: toolNameOf(block.type, id, context),
          result: (block.type === 'code_execution_tool_result' && fields.type === 'code_execution_result'
            ? { ...fields, content: (fields.content as JSONValue) ?? [] }
            : (content ?? {})) as NonNullable<JSONValue>,
        },
      ];
    }
  }
}

/** The user's name of the tool a result block answers. */
function toolNameOf(blockType: string, id: string, context: BlockContext): string {
  const known = context.serverCalls.get(id);
  if (known !== undefined) return context.names.userName(known);
  if (blockType.includes('code_execution')) return context.names.userName('code_execution');
  if (blockType === 'tool_search_tool_result') return context.names.userName('tool_search_tool_regex');
  return context.names.userName(blockType.slice(0, -'_tool_result'.length));
}

/** `stop_reason` → `stopReason`, one level (the advisor result). */
function camelCaseKeys(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    result[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = inner;
  return result;
}
