import { describe, expect, it } from 'vitest';
import { openaiProtocol } from '../providers/openai-protocol.js';
import type { ProviderProtocol } from '../providers/provider-protocol.js';
import type { RecordedRequest } from '../recorded-request.js';
import { recordingExchange } from '../test-fixtures/recording-exchange.js';
import { answerCompletion } from './answer-completion.js';
import type { Conversation } from './conversation.js';

const conversation: Conversation = {
  model: 'm',
  stream: true,
  includeUsage: true,
  promptText: 'a long prompt that an answer being streamed need not keep',
  lastRole: 'user',
  prefill: '',
  inputTokens: 12,
  tools: [],
  toolChoice: { type: 'auto' },
  output: { type: 'text' },
  maxTokens: undefined,
  stop: [],
};

function record(): RecordedRequest {
  return {
    seq: 1,
    method: 'POST',
    path: '/v1/chat/completions',
    headers: {},
    body: undefined,
    model: 'm',
    caller: undefined,
    apiKeySuffix: undefined,
    stream: true,
    status: undefined,
    fault: undefined,
    response: { kind: 'pending' },
    startedAt: 0,
    endedAt: undefined,
  };
}

describe('answerCompletion', () => {
  it.each([true, false])(
    'plans from the prompt, then gives the wire format only what it needs (stream: %s)',
    async (stream) => {
      const given: object[] = [];
      const protocol: ProviderProtocol = {
        ...openaiProtocol,
        json: (completion, answering, ids) => {
          given.push(answering);
          return openaiProtocol.json(completion, answering, ids);
        },
        stream: (completion, answering, ids, tokensPerChunk) => {
          given.push(answering);
          return openaiProtocol.stream(completion, answering, ids, tokensPerChunk);
        },
      };
      const { exchange, answered } = recordingExchange();
      await answerCompletion({
        exchange,
        protocol,
        conversation: { ...conversation, stream },
        model: { id: 'm', contextWindow: undefined, latency: undefined, usage: undefined },
        latency: { firstTokenMs: 0, tokensPerSecond: Infinity },
        fault: undefined,
        ids: {
          responseId: '000001',
          requestId: 'req_1',
          toolCallIds: [],
          createdSeconds: 0,
          createdMs: 0,
          latencyMs: 0,
        },
        record: record(),
        sleep: () => undefined,
        pause: () => false,
        isStopped: () => false,
        chunkIntervalMs: 0,
        tokensPerChunk: 1,
        recording: true,
      });
      // What is kept while the answer is sent: never the prompt.
      expect(given.length).toBeGreaterThan(0);
      for (const answering of given) expect(answering).toEqual({ model: 'm', stream, includeUsage: true });
      expect(answered().text).toMatch(stream ? /data: \[DONE\]\n\n$/ : /This is m answering/);
    },
  );
});
