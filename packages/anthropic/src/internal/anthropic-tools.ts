import type {
  LanguageModelV4FunctionTool,
  LanguageModelV4ProviderTool,
  LanguageModelV4ToolChoice,
  SharedV4Warning,
} from '@ai-sdk/provider';
import { anthropicCacheOptionsSchema } from '../anthropic-prompt-options.js';
import { CacheBreakpoints } from './cache-breakpoints.js';
import { readPromptOptions } from './read-prompt-options.js';
import { warnUnsentOptions } from './warn-unsent-options.js';

/**
 * The Anthropic-defined tools the adapter sends, by AI SDK provider-tool id
 * (`{ type: 'provider', id: 'anthropic.web_search_20250305', name, args }`,
 * the same ids `@ai-sdk/anthropic`'s `anthropic.tools.*` create): the name
 * the API knows them by. Server tools run at Anthropic (their calls and
 * results come back as provider-executed tool calls and results); the others
 * (bash, text editor, computer, memory) are called like function tools.
 */
export const anthropicProviderTools: Readonly<Record<string, string>> = {
  'anthropic.web_search_20250305': 'web_search',
  'anthropic.web_search_20260209': 'web_search',
  'anthropic.web_fetch_20250910': 'web_fetch',
  'anthropic.web_fetch_20260209': 'web_fetch',
  'anthropic.code_execution_20250522': 'code_execution',
  'anthropic.code_execution_20250825': 'code_execution',
  'anthropic.code_execution_20260120': 'code_execution',
  'anthropic.tool_search_regex_20251119': 'tool_search_tool_regex',
  'anthropic.tool_search_bm25_20251119': 'tool_search_tool_bm25',
  'anthropic.advisor_20260301': 'advisor',
  'anthropic.bash_20241022': 'bash',
  'anthropic.bash_20250124': 'bash',
  'anthropic.text_editor_20241022': 'str_replace_editor',
  'anthropic.text_editor_20250124': 'str_replace_editor',
  'anthropic.text_editor_20250429': 'str_replace_based_edit_tool',
  'anthropic.text_editor_20250728': 'str_replace_based_edit_tool',
  'anthropic.computer_20241022': 'computer',
  'anthropic.computer_20250124': 'computer',
  'anthropic.computer_20251124': 'computer',
  'anthropic.memory_20250818': 'memory',
};

/** The names the user gave provider tools (`webSearch`) and the names the API uses (`web_search`), both ways. */
export interface ToolNames {
  /** The user's name of a tool the API names `apiName` (itself when the user gave none). */
  userName(apiName: string): string;
  /** The API's name of a tool the user names `userName` (itself for function tools). */
  apiName(userName: string): string;
}

/** The mapping of a call without Anthropic-defined tools: every name is the same both ways. */
const sameNames: ToolNames = {
  userName: (apiName) => apiName,
  apiName: (userName) => userName,
};

/**
 * The tool-name mapping of a call, from its provider tools. A call without
 * Anthropic-defined tools (nearly every call) shares one identity mapping, so
 * the request path builds no maps or closures for it.
 *
 * @param tools the call's tools.
 * @returns the mapping.
 */
export function toolNamesOf(
  tools: readonly (LanguageModelV4FunctionTool | LanguageModelV4ProviderTool)[] | undefined,
): ToolNames {
  let toUser: Map<string, string> | undefined;
  let toApi: Map<string, string> | undefined;
  for (const tool of tools ?? []) {
    if (tool.type !== 'provider') continue;
    const apiName = anthropicProviderTools[tool.id];
    if (apiName === undefined) continue;
    toUser ??= new Map();
    toApi ??= new Map();
    toUser.set(apiName, tool.name);
    toApi.set(tool.name, apiName);
  }
  if (toUser === undefined || toApi === undefined) return sameNames;
  const users = toUser;
  const apis = toApi;
  return {
    userName: (apiName) => users.get(apiName) ?? apiName,
    apiName: (userName) => apis.get(userName) ?? userName,
  };
}

/** `maxUses` → `max_uses`, recursively (the AI SDK's tool args are camelCase, the API's snake_case). */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    result[key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)] = snakeCaseKeys(inner);
  }
  return result;
}

/**
 * The `tools` and `tool_choice` of a request: function tools with their
 * input schema (and the `cache_control` of their
 * `providerOptions.anthropic.cacheControl`, validated; other keys warn),
 * Anthropic-defined tools by their versioned type and API name (their args
 * in snake_case), a warning for any other provider's tool.
 *
 * @param options.tools the call's tools.
 * @param options.toolChoice the call's tool choice (`required` is `any`).
 * @param options.warnings where warnings go.
 * @param options.modelId the model id, for errors (default: `unknown`).
 * @param options.breakpoints the request's cache breakpoints (default: the tools' own).
 * @returns the request fields (none when there is no tool).
 * @throws ProviderError (`invalid_request`, `invalid_provider_options`) for an invalid `cacheControl`.
 */
export function prepareAnthropicTools(options: {
  tools: readonly (LanguageModelV4FunctionTool | LanguageModelV4ProviderTool)[] | undefined;
  toolChoice: LanguageModelV4ToolChoice | undefined;
  warnings: SharedV4Warning[];
  modelId?: string;
  breakpoints?: CacheBreakpoints;
}): { tools?: Record<string, unknown>[]; tool_choice?: Record<string, unknown> } {
  const { toolChoice, warnings } = options;
  const tools: Record<string, unknown>[] = [];
  let breakpoints = options.breakpoints;
  const given = options.tools ?? [];
  for (let index = 0; index < given.length; index++) {
    const tool = given[index] as (typeof given)[number];
    if (tool.type === 'function') {
      const definition: Record<string, unknown> = {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        input_schema: tool.inputSchema,
        ...(tool.strict === undefined ? {} : { strict: tool.strict }),
      };
      tools.push(definition);
      const anthropic = tool.providerOptions?.anthropic;
      if (anthropic !== undefined) {
        breakpoints ??= new CacheBreakpoints({ warnings, requestLevel: false });
        markTool({
          definition,
          anthropic,
          index,
          modelId: options.modelId ?? 'unknown',
          breakpoints,
          warnings,
        });
      }
      continue;
    }
    const apiName = anthropicProviderTools[tool.id];
    if (apiName === undefined) {
      warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
      continue;
    }
    tools.push({
      type: tool.id.slice('anthropic.'.length),
      name: apiName,
      ...(snakeCaseKeys(tool.args ?? {}) as Record<string, unknown>),
    });
  }
  if (options.breakpoints === undefined) breakpoints?.finish();
  if (tools.length === 0) return {};
  if (toolChoice === undefined) return { tools };
  return {
    tools,
    tool_choice:
      toolChoice.type === 'tool'
        ? { type: 'tool', name: toolChoice.toolName }
        : { type: toolChoice.type === 'required' ? 'any' : toolChoice.type },
  };
}

/** Reads a function tool's options (validated), warns of the keys not sent, and marks its definition. */
function markTool(options: {
  definition: Record<string, unknown>;
  anthropic: Record<string, unknown>;
  index: number;
  modelId: string;
  breakpoints: CacheBreakpoints;
  warnings: SharedV4Warning[];
}): void {
  const { definition, anthropic, breakpoints, warnings } = options;
  const where = `tools[${options.index}] (${String(definition.name)})`;
  const read = readPromptOptions({
    anthropic,
    schema: anthropicCacheOptionsSchema,
    modelId: options.modelId,
    location: where,
  });
  warnUnsentOptions({
    anthropic,
    sent: anthropicCacheOptionsSchema.shape,
    where: `tool ${String(definition.name)}`,
    warnings,
  });
  const cacheControl = read.cacheControl ?? read.cache_control;
  if (cacheControl !== undefined)
    breakpoints.mark({ block: definition, cacheControl, where, section: 'tools' });
}
