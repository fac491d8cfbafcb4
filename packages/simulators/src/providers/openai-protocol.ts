import { countTokens } from '../count-tokens.js';
import type { Conversation, OfferedTool } from '../internal/conversation.js';
import type { Completion } from '../internal/plan-completion.js';
import { chunkTokens } from '../internal/split-tokens.js';
import { asRecord, textOf } from '../internal/text-of.js';
import { openaiChunkWriter } from './openai-chunk-writer.js';
import { openaiEnvelope, openaiErrorAnswer, openaiServerErrorMessages } from './openai-error-answer.js';
import type { AnswerIds, ProviderProtocol } from './provider-protocol.js';

const fingerprint = 'fp_switchyard_sim';

const finishReasons: Record<Completion['finish'], string> = {
  stop: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
};

function usageOf(completion: Completion) {
  return {
    prompt_tokens: completion.inputTokens,
    completion_tokens: completion.outputTokens,
    total_tokens: completion.inputTokens + completion.outputTokens,
    prompt_tokens_details: { cached_tokens: completion.cacheReadTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: completion.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** The OpenAI Chat Completions wire format (`/v1/chat/completions`, `/v1/models`). */
export const openaiProtocol: ProviderProtocol = {
  kind: 'openai',
  streamContentType: 'text/event-stream; charset=utf-8',

  baseURL: (url) => `${url}/v1`,

  isChatRoute: (method, path) => method === 'POST' && path === '/v1/chat/completions',

  answerInfo(method, path, _body, models) {
    if (method !== 'GET') return undefined;
    const list = models.map((model) => ({
      id: model.id,
      object: 'model',
      created: 1_700_000_000,
      owned_by: 'system',
    }));
    if (path === '/v1/models') return { status: 200, body: { object: 'list', data: list } };
    if (path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      const found = list.find((model) => model.id === id);
      if (found) return { status: 200, body: found };
      return this.error({ type: 'model_unknown', model: id }, '');
    }
    return undefined;
  },

  apiKey(request) {
    const value = request.header('authorization');
    if (typeof value !== 'string') return undefined;
    const match = /^Bearer\s+(.+)$/i.exec(value);
    return match?.[1];
  },

  matchesModel: (requested, known) => requested === known,

  parseChat(body) {
    const record = asRecord(body);
    if (record === undefined) {
      return {
        status: 400,
        body: openaiEnvelope(
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.",
          'invalid_request_error',
          null,
        ),
      };
    }
    if (typeof record.model !== 'string' || record.model === '') {
      return {
        status: 400,
        body: openaiEnvelope('you must provide a model parameter', 'invalid_request_error', null),
      };
    }
    if (!Array.isArray(record.messages) || record.messages.length === 0) {
      return {
        status: 400,
        body: openaiEnvelope(
          "Missing required parameter: 'messages'.",
          'invalid_request_error',
          'missing_required_parameter',
          'messages',
        ),
      };
    }
    let inputTokens = 3;
    let promptText = '';
    let lastRole: Conversation['lastRole'] = 'none';
    let prefill = '';
    for (const message of record.messages) {
      const entry = asRecord(message) ?? {};
      const text = textOf(entry.content);
      inputTokens += 4 + countTokens(text);
      if (Array.isArray(entry.tool_calls)) inputTokens += countTokens(JSON.stringify(entry.tool_calls));
      if (entry.role === 'user') {
        lastRole = 'user';
        promptText = text;
      } else if (entry.role === 'tool') {
        lastRole = 'tool';
        promptText = text;
      } else if (entry.role === 'assistant') {
        lastRole = 'assistant';
        prefill = text;
      }
    }
    const tools: OfferedTool[] = [];
    if (Array.isArray(record.tools)) {
      inputTokens += countTokens(JSON.stringify(record.tools));
      for (const tool of record.tools) {
        const fn = asRecord(asRecord(tool)?.function);
        if (typeof fn?.name === 'string') tools.push({ name: fn.name, schema: fn.parameters });
      }
    }
    let toolChoice: Conversation['toolChoice'] = { type: 'auto' };
    const choice = record.tool_choice;
    if (choice === 'none' || choice === 'required') toolChoice = { type: choice };
    else {
      const name = asRecord(asRecord(choice)?.function)?.name;
      if (typeof name === 'string') toolChoice = { type: 'tool', name };
    }
    let output: Conversation['output'] = { type: 'text' };
    const format = asRecord(record.response_format);
    if (format?.type === 'json_object') output = { type: 'json' };
    else if (format?.type === 'json_schema') {
      output = { type: 'json_schema', schema: asRecord(format.json_schema)?.schema ?? {} };
    }
    const limit = record.max_completion_tokens ?? record.max_tokens;
    const stop =
      typeof record.stop === 'string' ? [record.stop] : Array.isArray(record.stop) ? record.stop : [];
    return {
      model: record.model,
      stream: record.stream === true,
      includeUsage: asRecord(record.stream_options)?.include_usage === true,
      promptText,
      lastRole,
      prefill,
      inputTokens,
      tools,
      toolChoice,
      output,
      maxTokens: typeof limit === 'number' ? limit : undefined,
      stop: stop.filter((entry): entry is string => typeof entry === 'string'),
    };
  },

  error: openaiErrorAnswer,

  responseHeaders: (ids: AnswerIds) => ({
    'x-request-id': ids.requestId,
    'openai-version': '2020-10-01',
    'openai-organization': 'org-switchyardsim',
    'openai-processing-ms': String(Math.round(ids.latencyMs)),
    'x-ratelimit-limit-requests': '500',
    'x-ratelimit-remaining-requests': '499',
    'x-ratelimit-reset-requests': '120ms',
  }),

  finishReason: (completion) => finishReasons[completion.finish],

  json(completion, conversation, ids) {
    const toolCalls = completion.toolCalls.map((call, index) => ({
      id: `call_sim${ids.toolCallIds[index]}`,
      type: 'function',
      function: { name: call.name, arguments: call.inputJson },
    }));
    return {
      id: `chatcmpl-sim${ids.responseId}`,
      object: 'chat.completion',
      created: ids.createdSeconds,
      model: conversation.model,
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: completion.text === '' && completion.finish !== 'stop' ? null : completion.text,
            refusal: null,
            annotations: [],
            ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          },
          logprobs: null,
          finish_reason: finishReasons[completion.finish],
        },
      ],
      usage: usageOf(completion),
      service_tier: 'default',
      system_fingerprint: fingerprint,
    };
  },

  *stream(completion, conversation, ids, tokensPerChunk = 1) {
    const base = {
      id: `chatcmpl-sim${ids.responseId}`,
      object: 'chat.completion.chunk',
      created: ids.createdSeconds,
      model: conversation.model,
      service_tier: 'default',
      system_fingerprint: fingerprint,
    };
    const write = openaiChunkWriter(base, conversation.includeUsage);
    yield { role: 'head', wire: write.chunk({ role: 'assistant', content: '', refusal: null }) };
    for (const { text: piece, tokens } of chunkTokens(completion.text, tokensPerChunk)) {
      yield { role: 'content', wire: write.content(piece), tokens, text: piece };
    }
    for (const [index, call] of completion.toolCalls.entries()) {
      yield {
        role: 'content',
        tokens: 1,
        wire: write.chunk({
          tool_calls: [
            {
              index,
              id: `call_sim${ids.toolCallIds[index]}`,
              type: 'function',
              function: { name: call.name, arguments: '' },
            },
          ],
        }),
      };
      for (const { text: piece, tokens } of chunkTokens(call.inputJson, tokensPerChunk)) {
        yield { role: 'content', tokens, wire: write.toolArguments(index, piece) };
      }
    }
    yield { role: 'tail', wire: write.chunk({}, finishReasons[completion.finish]) };
    if (conversation.includeUsage) {
      yield { role: 'tail', wire: sse({ ...base, choices: [], usage: usageOf(completion) }) };
    }
    yield { role: 'terminator', wire: 'data: [DONE]\n\n' };
  },

  malform(event) {
    const body = event.wire.slice('data: '.length, event.wire.length - 2);
    return `data: ${body.slice(0, Math.max(1, Math.floor(body.length / 2)))}\n\n`;
  },

  midStreamError() {
    return sse(openaiEnvelope(openaiServerErrorMessages[500]!, 'server_error', null));
  },
};
