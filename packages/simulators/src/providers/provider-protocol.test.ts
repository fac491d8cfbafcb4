import { describe, expect, it } from 'vitest';
import type { Completion } from '../internal/plan-completion.js';
import { anthropicProtocol } from './anthropic-protocol.js';
import { ollamaProtocol } from './ollama-protocol.js';
import { openaiProtocol } from './openai-protocol.js';
import type { AnswerIds, ProviderProtocol } from './provider-protocol.js';

const completion: Completion = {
  text: 'The nearest station is two streets away, past the freight yard.',
  toolCalls: [{ name: 'lookup_order', input: { id: '' }, inputJson: '{"id":""}' }],
  finish: 'tool_calls',
  stopSequence: undefined,
  inputTokens: 12,
  outputTokens: 20,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  reasoning: '',
};

const ids: AnswerIds = {
  responseId: '000001',
  requestId: 'req_sim1',
  toolCallIds: ['0000010'],
  createdSeconds: 1_782_000_000,
  createdMs: 1_782_000_000_000,
  latencyMs: 900,
};

const protocols: [string, ProviderProtocol][] = [
  ['openai', openaiProtocol],
  ['anthropic', anthropicProtocol],
  ['ollama', ollamaProtocol],
];

describe('ProviderProtocol', () => {
  describe('stream', () => {
    it.each(protocols)(
      'makes each event of a %s stream when it is read, not the whole answer up front',
      (_, protocol) => {
        // The tool calls are written after the text: read with the first event, the stream was made at once.
        const read: string[] = [];
        const watched = new Proxy(completion, {
          get(target, key, receiver) {
            read.push(String(key));
            return Reflect.get(target, key, receiver);
          },
        });
        const events = protocol
          .stream(watched, { model: 'm', stream: true, includeUsage: true }, ids, 4)
          [Symbol.iterator]();
        expect(events.next().done).toBe(false);
        expect(read).not.toContain('toolCalls');
        const rest = [];
        for (let next = events.next(); !next.done; next = events.next()) rest.push(next.value);
        expect(read).toContain('toolCalls');
        expect(rest.at(-1)?.role).toBe('terminator');
      },
    );

    it.each(protocols)(
      'writes the same bytes when two %s streams are read in turns as when read one after the other',
      (_, protocol) => {
        const context = { model: 'm', stream: true, includeUsage: false };
        const other = { ...completion, text: 'Another answer, of other words and 42 numbers.' };
        const alone = [...protocol.stream(completion, context, ids, 3)].map((event) => event.wire);
        const otherAlone = [...protocol.stream(other, context, ids, 3)].map((event) => event.wire);
        const first = protocol.stream(completion, context, ids, 3)[Symbol.iterator]();
        const second = protocol.stream(other, context, ids, 3)[Symbol.iterator]();
        const inTurns: string[] = [];
        const otherInTurns: string[] = [];
        for (;;) {
          const a = first.next();
          const b = second.next();
          if (!a.done) inTurns.push(a.value.wire);
          if (!b.done) otherInTurns.push(b.value.wire);
          if (a.done && b.done) break;
        }
        expect(inTurns).toEqual(alone);
        expect(otherInTurns).toEqual(otherAlone);
      },
    );
  });
});
