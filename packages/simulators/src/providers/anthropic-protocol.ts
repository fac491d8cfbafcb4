import { countTokens } from '../count-tokens.js';
import type { Conversation, OfferedTool } from '../internal/conversation.js';
import type { Completion } from '../internal/plan-completion.js';
import { chunkTokens } from '../internal/split-tokens.js';
import { asRecord, textOf } from '../internal/text-of.js';
import type { ErrorAnswer, ErrorSituation, ProviderProtocol } from './provider-protocol.js';

function envelope(type: string, message: string, requestId: string | null) {
  return { type: 'error', error: { type, message }, request_id: requestId };
}

const stopReasons: Record<Completion['finish'], string> = {
  stop: 'end_turn',
  stop_sequence: 'stop_sequence',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Anthropic's `input_tokens` leaves out cache reads and writes. */
function tokenCounts(completion: Completion) {
  return {
    input_tokens: completion.inputTokens - completion.cacheReadTokens - completion.cacheWriteTokens,
    cache_creation_input_tokens: completion.cacheWriteTokens,
    cache_read_input_tokens: completion.cacheReadTokens,
    output_tokens: completion.outputTokens,
    ...(completion.reasoningTokens > 0
      ? { output_tokens_details: { thinking_tokens: completion.reasoningTokens } }
      : {}),
  };
}

function usageOf(completion: Completion) {
  return { ...tokenCounts(completion), service_tier: 'standard' };
}

function toolUseId(id: string | undefined): string {
  return `toolu_sim${id ?? '0'}`;
}

/**
 * The Anthropic Messages wire format (`/v1/messages`, `/v1/models`). Error bodies carry
 * `request_id` and the `request-id` header, except the edge region block.
 */
export const anthropicProtocol: ProviderProtocol = {
  kind: 'anthropic',
  streamContentType: 'text/event-stream; charset=utf-8',

  baseURL: (url) => url,

  isChatRoute: (method, path) => method === 'POST' && path === '/v1/messages',

  answerInfo(method, path, _body, models, requestId) {
    if (method !== 'GET') return undefined;
    const list = models.map((model) => ({
      type: 'model',
      id: model.id,
      display_name: model.id,
      created_at: '2025-01-01T00:00:00Z',
    }));
    if (path === '/v1/models') {
      return {
        status: 200,
        body: {
          data: list,
          has_more: false,
          first_id: list[0]?.id ?? null,
          last_id: list.at(-1)?.id ?? null,
        },
      };
    }
    if (path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      const found = list.find((model) => model.id === id);
      if (found) return { status: 200, body: found };
      return this.error({ type: 'model_unknown', model: id }, requestId);
    }
    return undefined;
  },

  apiKey(request) {
    const key = request.header('x-api-key');
    if (typeof key === 'string') return key;
    const value = request.header('authorization');
    if (typeof value !== 'string') return undefined;
    return /^Bearer\s+(.+)$/i.exec(value)?.[1];
  },

  matchesModel: (requested, known) => requested === known,

  parseChat(body, requestId) {
    const bad = (message: string): ErrorAnswer => ({
      status: 400,
      body: envelope('invalid_request_error', message, requestId),
    });
    const record = asRecord(body);
    if (record === undefined) return bad('The request body is not valid JSON.');
    if (typeof record.model !== 'string' || record.model === '') return bad('model: Field required');
    if (!Array.isArray(record.messages)) return bad('messages: Field required');
    if (typeof record.max_tokens !== 'number') return bad('max_tokens: Field required');
    let inputTokens = 3 + countTokens(textOf(record.system));
    let promptText = '';
    let lastRole: Conversation['lastRole'] = 'none';
    let prefill = '';
    for (const message of record.messages) {
      const entry = asRecord(message) ?? {};
      const content = entry.content;
      inputTokens += 4;
      let toolResult: string | undefined;
      if (Array.isArray(content)) {
        for (const block of content) {
          const part = asRecord(block);
          if (part?.type === 'tool_result') toolResult = (toolResult ?? '') + textOf(part.content);
          if (part?.type === 'tool_use') inputTokens += countTokens(JSON.stringify(part.input ?? {}));
        }
      }
      const text = textOf(
        Array.isArray(content) ? content.filter((block) => asRecord(block)?.type === 'text') : content,
      );
      inputTokens += countTokens(text) + (toolResult === undefined ? 0 : countTokens(toolResult));
      if (entry.role === 'user') {
        lastRole = toolResult === undefined ? 'user' : 'tool';
        promptText = toolResult ?? text;
      } else if (entry.role === 'assistant') {
        lastRole = 'assistant';
        prefill = text;
      }
    }
    const tools: OfferedTool[] = [];
    if (Array.isArray(record.tools)) {
      inputTokens += countTokens(JSON.stringify(record.tools));
      for (const tool of record.tools) {
        const entry = asRecord(tool);
        const custom = entry?.type === undefined || entry.type === 'custom';
        if (custom && typeof entry?.name === 'string')
          tools.push({ name: entry.name, schema: entry.input_schema });
      }
    }
    let toolChoice: Conversation['toolChoice'] = { type: 'auto' };
    const choice = asRecord(record.tool_choice);
    if (choice?.type === 'none') toolChoice = { type: 'none' };
    else if (choice?.type === 'any') toolChoice = { type: 'required' };
    else if (choice?.type === 'tool' && typeof choice.name === 'string')
      toolChoice = { type: 'tool', name: choice.name };
    let output: Conversation['output'] = { type: 'text' };
    const format = asRecord(asRecord(record.output_config)?.format) ?? asRecord(record.output_format);
    if (format?.type === 'json_schema') output = { type: 'json_schema', schema: format.schema ?? {} };
    const stop = Array.isArray(record.stop_sequences) ? record.stop_sequences : [];
    return {
      model: record.model,
      stream: record.stream === true,
      includeUsage: false,
      promptText,
      lastRole,
      prefill,
      inputTokens,
      tools,
      toolChoice,
      output,
      maxTokens: record.max_tokens,
      stop: stop.filter((entry): entry is string => typeof entry === 'string'),
    };
  },

  error(situation: ErrorSituation, requestId: string): ErrorAnswer {
    switch (situation.type) {
      case 'region_block':
        return {
          status: 403,
          body: { error: { type: 'forbidden', message: 'Request not allowed' } },
          headers: { server: 'cloudflare', 'cf-ray': '8f0c0ffee0000000-FRA' },
          withoutRequestId: true,
        };
      case 'legal_block':
        // No provider is known to send 451 (RFC 7725): Switchyard's own body, in Anthropic's envelope.
        return {
          status: 451,
          body: envelope(
            'permission_error',
            'Unavailable For Legal Reasons: this model may not be served to callers in your jurisdiction.',
            requestId,
          ),
        };
      case 'model_withdrawn':
      case 'model_unknown':
        return {
          status: 404,
          body: envelope('not_found_error', `model: ${situation.model}`, requestId),
        };
      case 'key_revoked':
        return { status: 401, body: envelope('authentication_error', 'invalid x-api-key', requestId) };
      case 'key_missing':
        return {
          status: 401,
          body: envelope('authentication_error', 'x-api-key header is required', requestId),
        };
      case 'quota_exhausted':
        return {
          status: 402,
          body: envelope(
            'billing_error',
            'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
            requestId,
          ),
        };
      case 'rate_limited': {
        const headers: Record<string, string> = {
          'anthropic-ratelimit-requests-limit': '50',
          'anthropic-ratelimit-requests-remaining': '0',
          'anthropic-ratelimit-requests-reset': new Date(
            Date.now() + (situation.retryAfterSeconds ?? 1) * 1000,
          ).toISOString(),
        };
        if (situation.retryAfterSeconds !== undefined)
          headers['retry-after'] = String(situation.retryAfterSeconds);
        return {
          status: 429,
          headers,
          body: envelope(
            'rate_limit_error',
            "This request would exceed your account's rate limit. Please try again later.",
            requestId,
          ),
        };
      }
      case 'server_error':
        if (situation.status === 529) {
          return { status: 529, body: envelope('overloaded_error', 'Overloaded', requestId) };
        }
        return { status: situation.status, body: envelope('api_error', 'Internal server error', requestId) };
      case 'mid_stream_error':
        return { status: 529, body: envelope('overloaded_error', 'Overloaded', requestId) };
      case 'context_length':
        return {
          status: 400,
          body: envelope(
            'invalid_request_error',
            `prompt is too long: ${situation.inputTokens} tokens > ${situation.contextWindow} maximum`,
            requestId,
          ),
        };
      case 'bad_request':
        return { status: 400, body: envelope('invalid_request_error', situation.message, requestId) };
      case 'route_not_found':
        return { status: 404, body: envelope('not_found_error', 'Not found', requestId) };
    }
  },

  responseHeaders: (ids) => ({
    'request-id': ids.requestId,
    'anthropic-organization-id': 'org-switchyardsim',
  }),

  finishReason: (completion) => stopReasons[completion.finish],

  json(completion, conversation, ids) {
    const content: unknown[] = [];
    if (completion.text !== '') content.push({ type: 'text', text: completion.text });
    completion.toolCalls.forEach((call, index) => {
      content.push({
        type: 'tool_use',
        id: toolUseId(ids.toolCallIds[index]),
        name: call.name,
        input: call.input,
      });
    });
    return {
      id: `msg_sim${ids.responseId}`,
      type: 'message',
      role: 'assistant',
      model: conversation.model,
      content,
      stop_reason: stopReasons[completion.finish],
      stop_sequence: completion.stopSequence ?? null,
      usage: usageOf(completion),
    };
  },

  *stream(completion, conversation, ids, tokensPerChunk = 1) {
    yield {
      role: 'head',
      wire: sse('message_start', {
        type: 'message_start',
        message: {
          id: `msg_sim${ids.responseId}`,
          type: 'message',
          role: 'assistant',
          model: conversation.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...usageOf(completion), output_tokens: 1, output_tokens_details: undefined },
        },
      }),
    };
    let index = 0;
    if (completion.text !== '') {
      yield {
        role: 'structure',
        wire: sse('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '' },
        }),
      };
      yield { role: 'structure', wire: sse('ping', { type: 'ping' }) };
      for (const { text: piece, tokens } of chunkTokens(completion.text, tokensPerChunk)) {
        yield {
          role: 'content',
          tokens,
          text: piece,
          wire: sse('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'text_delta', text: piece },
          }),
        };
      }
      yield {
        role: 'structure',
        wire: sse('content_block_stop', { type: 'content_block_stop', index }),
      };
      index += 1;
    }
    for (const [callIndex, call] of completion.toolCalls.entries()) {
      const blockIndex = index + callIndex;
      yield {
        role: 'structure',
        wire: sse('content_block_start', {
          type: 'content_block_start',
          index: blockIndex,
          content_block: {
            type: 'tool_use',
            id: toolUseId(ids.toolCallIds[callIndex]),
            name: call.name,
            input: {},
          },
        }),
      };
      // The first delta of a tool call is empty, as the API sends it.
      yield {
        role: 'content',
        tokens: 0,
        wire: sse('content_block_delta', {
          type: 'content_block_delta',
          index: blockIndex,
          delta: { type: 'input_json_delta', partial_json: '' },
        }),
      };
      for (const { text: piece, tokens } of chunkTokens(call.inputJson, tokensPerChunk)) {
        yield {
          role: 'content',
          tokens,
          wire: sse('content_block_delta', {
            type: 'content_block_delta',
            index: blockIndex,
            delta: { type: 'input_json_delta', partial_json: piece },
          }),
        };
      }
      yield {
        role: 'structure',
        wire: sse('content_block_stop', { type: 'content_block_stop', index: blockIndex }),
      };
    }
    yield {
      role: 'tail',
      wire: sse('message_delta', {
        type: 'message_delta',
        delta: {
          stop_reason: stopReasons[completion.finish],
          stop_sequence: completion.stopSequence ?? null,
        },
        usage: tokenCounts(completion),
      }),
    };
    yield { role: 'terminator', wire: sse('message_stop', { type: 'message_stop' }) };
  },

  malform(event) {
    const [eventLine = '', dataLine = ''] = event.wire.split('\n');
    return `${eventLine}\n${dataLine.slice(0, Math.max(7, Math.floor(dataLine.length / 2)))}\n\n`;
  },

  midStreamError() {
    return sse('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
  },
};
