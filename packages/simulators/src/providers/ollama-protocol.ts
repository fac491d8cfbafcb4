import { countTokens } from '../count-tokens.js';
import type { Conversation, OfferedTool } from '../internal/conversation.js';
import type { Completion } from '../internal/plan-completion.js';
import { chunkTokens } from '../internal/split-tokens.js';
import { asRecord, textOf } from '../internal/text-of.js';
import type { AnswerIds, ErrorAnswer, ErrorSituation, ProviderProtocol } from './provider-protocol.js';

/** Version `/api/version` reports. */
const ollamaVersion = '0.13.0';

/** What a model refuses with when asked for something it will not do (Ollama has no content filter). */
const refusal = "I'm sorry, but I can't help with that.";

const doneReasons: Record<Completion['finish'], string> = {
  stop: 'stop',
  stop_sequence: 'stop',
  length: 'length',
  tool_calls: 'stop',
  content_filter: 'stop',
};

const serverErrors: Record<number, string> = {
  500: 'an error was encountered while running the model',
  502: 'bad gateway',
  503: 'server busy, please try again.  maximum pending requests exceeded',
  529: 'server overloaded, please try again later',
};

function withLatest(name: string): string {
  return name.includes(':') ? name : `${name}:latest`;
}

function metrics(completion: Completion, ids: AnswerIds) {
  const loadDuration = 1_000_000;
  const promptEvalDuration = completion.inputTokens * 100_000;
  const evalDuration = Math.round(Math.max(ids.latencyMs * 1_000_000, completion.outputTokens * 1_000_000));
  return {
    total_duration: loadDuration + promptEvalDuration + evalDuration,
    load_duration: loadDuration,
    prompt_eval_count: completion.inputTokens,
    prompt_eval_duration: promptEvalDuration,
    eval_count: completion.outputTokens,
    eval_duration: evalDuration,
  };
}

/** The answer's creation time as Ollama writes it (`created_at`, ISO 8601): formatted by the answers that write it only. */
function createdAtOf(ids: AnswerIds): string {
  return new Date(ids.createdMs).toISOString();
}

function answerText(completion: Completion): string {
  return completion.finish === 'content_filter' ? refusal : completion.text;
}

function line(data: unknown): string {
  return `${JSON.stringify(data)}\n`;
}

/**
 * The Ollama native wire format (`/api/chat` and `/api/generate` NDJSON, `/api/tags`,
 * `/api/version`, `/api/show`).
 * Streams by default, like the server (the `ollama` client sends `stream: false` unless asked).
 */
export const ollamaProtocol: ProviderProtocol = {
  kind: 'ollama',
  streamContentType: 'application/x-ndjson',

  baseURL: (url) => url,

  isChatRoute: (method, path) => method === 'POST' && (path === '/api/chat' || path === '/api/generate'),

  answerInfo(method, path, body, models) {
    if ((method === 'GET' || method === 'HEAD') && path === '/')
      return { status: 200, body: 'Ollama is running' };
    if ((method === 'GET' || method === 'HEAD') && path === '/api/version') {
      return { status: 200, body: { version: ollamaVersion } };
    }
    const details = {
      parent_model: '',
      format: 'gguf',
      family: 'llama',
      families: ['llama'],
      parameter_size: '8.0B',
      quantization_level: 'Q4_K_M',
    };
    if ((method === 'GET' || method === 'HEAD') && path === '/api/tags') {
      return {
        status: 200,
        body: {
          models: models.map((model) => ({
            name: withLatest(model.id),
            model: withLatest(model.id),
            modified_at: '2026-01-01T00:00:00Z',
            size: 4_920_753_328,
            digest: 'sha256:0000000000000000000000000000000000000000000000000000000000000000',
            details,
          })),
        },
      };
    }
    if (method === 'POST' && path === '/api/show') {
      const record = asRecord(body);
      const name = record?.model ?? record?.name;
      if (typeof name !== 'string' || name === '')
        return this.error({ type: 'bad_request', message: 'model is required' }, '');
      const found = models.find((model) => this.matchesModel(name, model.id));
      if (found === undefined) return this.error({ type: 'model_unknown', model: name }, '');
      return {
        status: 200,
        body: {
          license: '',
          modelfile: `FROM ${withLatest(found.id)}\n`,
          parameters: '',
          template: '{{ .Prompt }}',
          details,
          model_info: {
            'general.architecture': 'llama',
            'llama.context_length': found.contextWindow ?? 131_072,
          },
          capabilities: ['completion', 'tools'],
          modified_at: '2026-01-01T00:00:00Z',
        },
      };
    }
    return undefined;
  },

  apiKey(request) {
    const value = request.header('authorization');
    if (typeof value !== 'string') return undefined;
    return /^Bearer\s+(.+)$/i.exec(value)?.[1];
  },

  matchesModel: (requested, known) => withLatest(requested) === withLatest(known),

  parseChat(body, _requestId, path) {
    const record = asRecord(body);
    if (record === undefined) {
      return this.error(
        { type: 'bad_request', message: body === undefined ? 'missing request body' : 'invalid JSON' },
        '',
      );
    }
    if (typeof record.model !== 'string' || record.model === '') {
      return this.error({ type: 'bad_request', message: 'model is required' }, '');
    }
    const generate = path === '/api/generate';
    const messages = generate
      ? [
          ...(typeof record.system === 'string' ? [{ role: 'system', content: record.system }] : []),
          { role: 'user', content: typeof record.prompt === 'string' ? record.prompt : '' },
        ]
      : Array.isArray(record.messages)
        ? record.messages
        : [];
    let inputTokens = 0;
    let promptText = '';
    let lastRole: Conversation['lastRole'] = 'none';
    let prefill = '';
    for (const message of messages) {
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
    let output: Conversation['output'] = { type: 'text' };
    if (record.format === 'json') output = { type: 'json' };
    else if (asRecord(record.format) !== undefined) output = { type: 'json_schema', schema: record.format };
    const options = asRecord(record.options) ?? {};
    const stop =
      typeof options.stop === 'string' ? [options.stop] : Array.isArray(options.stop) ? options.stop : [];
    const limit = options.num_predict;
    return {
      model: record.model,
      generate,
      stream: record.stream !== false,
      includeUsage: false,
      promptText,
      lastRole,
      prefill,
      inputTokens,
      tools,
      toolChoice: { type: 'auto' },
      output,
      maxTokens: typeof limit === 'number' && limit >= 0 ? limit : undefined,
      stop: stop.filter((entry): entry is string => typeof entry === 'string'),
    };
  },

  error(situation: ErrorSituation): ErrorAnswer {
    switch (situation.type) {
      case 'region_block':
        return { status: 403, body: { error: 'this model is not available in your region' } };
      case 'legal_block':
        // No provider is known to send 451 (RFC 7725): Switchyard's own body, in Ollama's `{error}`.
        return {
          status: 451,
          body: { error: 'unavailable for legal reasons: this model may not be served in your jurisdiction' },
        };
      case 'model_withdrawn':
      case 'model_unknown':
        return { status: 404, body: { error: `model '${situation.model}' not found` } };
      case 'key_revoked':
      case 'key_missing':
        return { status: 401, body: { error: 'unauthorized' } };
      case 'quota_exhausted':
        return {
          status: 429,
          body: { error: 'you have reached your usage limit, please upgrade to continue' },
        };
      case 'rate_limited':
        return {
          status: 429,
          body: { error: 'too many requests, please try again later' },
          ...(situation.retryAfterSeconds === undefined
            ? {}
            : { headers: { 'retry-after': String(situation.retryAfterSeconds) } }),
        };
      case 'server_error':
        return {
          status: situation.status,
          body: { error: serverErrors[situation.status] ?? serverErrors[500] },
        };
      case 'mid_stream_error':
        return { status: 500, body: { error: serverErrors[500] } };
      case 'context_length':
        return { status: 400, body: { error: 'the input length exceeds the context length' } };
      case 'bad_request':
        return { status: 400, body: { error: situation.message } };
      case 'route_not_found':
        return { status: 404, body: '404 page not found' };
    }
  },

  responseHeaders: () => ({}),

  finishReason: (completion) => doneReasons[completion.finish],

  json(completion, conversation, ids) {
    if (conversation.generate) {
      return {
        model: conversation.model,
        created_at: createdAtOf(ids),
        response: answerText(completion),
        done: true,
        done_reason: doneReasons[completion.finish],
        ...metrics(completion, ids),
      };
    }
    return {
      model: conversation.model,
      created_at: createdAtOf(ids),
      message: {
        role: 'assistant',
        content: answerText(completion),
        ...(completion.toolCalls.length > 0
          ? {
              tool_calls: completion.toolCalls.map((call, index) => ({
                id: `call_sim${ids.toolCallIds[index]}`,
                function: { index, name: call.name, arguments: call.input },
              })),
            }
          : {}),
      },
      done_reason: doneReasons[completion.finish],
      done: true,
      ...metrics(completion, ids),
    };
  },

  *stream(completion, conversation, ids, tokensPerChunk = 1) {
    const head = { model: conversation.model, created_at: createdAtOf(ids) };
    if (conversation.generate) {
      for (const { text: piece, tokens } of chunkTokens(answerText(completion), tokensPerChunk)) {
        yield {
          role: 'content',
          tokens,
          text: piece,
          wire: line({ ...head, response: piece, done: false }),
        };
      }
      yield {
        role: 'terminator',
        wire: line({
          ...head,
          response: '',
          done: true,
          done_reason: doneReasons[completion.finish],
          ...metrics(completion, ids),
        }),
      };
      return;
    }
    for (const { text: piece, tokens } of chunkTokens(answerText(completion), tokensPerChunk)) {
      yield {
        role: 'content',
        tokens,
        text: piece,
        wire: line({ ...head, message: { role: 'assistant', content: piece }, done: false }),
      };
    }
    if (completion.toolCalls.length > 0) {
      yield {
        role: 'content',
        tokens: completion.outputTokens,
        wire: line({
          ...head,
          message: {
            role: 'assistant',
            content: '',
            tool_calls: completion.toolCalls.map((call, index) => ({
              id: `call_sim${ids.toolCallIds[index]}`,
              function: { index, name: call.name, arguments: call.input },
            })),
          },
          done: false,
        }),
      };
    }
    yield {
      role: 'terminator',
      wire: line({
        ...head,
        message: { role: 'assistant', content: '' },
        done_reason: doneReasons[completion.finish],
        done: true,
        ...metrics(completion, ids),
      }),
    };
  },

  malform(event) {
    return `${event.wire.slice(0, Math.max(1, Math.floor(event.wire.length / 2)))}\n`;
  },

  midStreamError() {
    return line({ error: serverErrors[500] });
  },
};
