import type { Completion } from '../../internal/plan-completion.js';
import type { ProviderProtocol } from '../provider-protocol.js';
import type { OpenAIFlavor, WireObject } from './openai-flavor.js';
import { openAIFlavorSpecs } from './openai-flavor-specs.js';

const record = (value: unknown): WireObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as WireObject) : {};

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/**
 * The OpenAI protocol as one OpenAI-compatible server speaks it (see
 * `openAIFlavorSpecs`): the same routes, errors and answers, with that
 * server's reasoning field, usage placement and accounting, ids, finish
 * reasons and extra chunks.
 *
 * @param base the OpenAI protocol.
 * @param flavor the server.
 * @returns the flavoured protocol.
 */
export function flavorOpenAIProtocol(base: ProviderProtocol, flavor: OpenAIFlavor): ProviderProtocol {
  const spec = openAIFlavorSpecs[flavor];
  const finish = (reason: unknown) =>
    typeof reason === 'string' && spec.finishReason ? spec.finishReason(reason) : reason;
  const usageOf = (usage: unknown, completion: Completion) =>
    usage && spec.usage ? spec.usage(record(usage), completion) : usage;
  const withIds = (calls: unknown) =>
    Array.isArray(calls) && spec.toolCallId
      ? calls.map((call) => {
          const entry = record(call);
          return typeof entry.id === 'string' ? { ...entry, id: spec.toolCallId?.(entry.id) } : entry;
        })
      : calls;
  return {
    ...base,
    json(completion, conversation, ids) {
      const body = record(base.json(completion, conversation, ids));
      const choices = (body.choices as WireObject[]).map((choice) => {
        const message = record(choice.message);
        return {
          ...choice,
          finish_reason: finish(choice.finish_reason),
          message: {
            ...message,
            ...(message.tool_calls ? { tool_calls: withIds(message.tool_calls) } : {}),
            ...(spec.reasoningField && completion.reasoningTokens > 0
              ? { [spec.reasoningField]: completion.reasoning }
              : {}),
          },
        };
      });
      const rewritten = { ...body, choices, usage: usageOf(body.usage, completion) };
      return spec.chunk ? spec.chunk(rewritten, { json: true, first: true }) : rewritten;
    },
    *stream(completion, conversation, ids, tokensPerChunk) {
      const events = base.stream(completion, conversation, ids, tokensPerChunk);
      const usage = usageOf(record(base.json(completion, conversation, ids)).usage, completion);
      const placement = spec.streamUsage ?? 'usage-chunk';
      for (const preamble of spec.preamble ?? []) yield { role: 'head', wire: sse(preamble) };
      let first = true;
      for (const event of events) {
        if (!event.wire.startsWith('data: {')) {
          yield event;
          continue;
        }
        let chunk = JSON.parse(event.wire.slice('data: '.length)) as WireObject;
        const choices = chunk.choices as WireObject[] | undefined;
        const isUsageChunk = Array.isArray(choices) && choices.length === 0 && chunk.usage != null;
        if (isUsageChunk && placement !== 'usage-chunk') continue;
        const finishing = choices?.some((choice) => choice.finish_reason != null) ?? false;
        const { usage: chunkUsage, ...rest } = chunk;
        chunk = rest;
        if (isUsageChunk) chunk.usage = usage;
        else if (finishing && placement === 'finish-chunk') chunk.usage = usage;
        else if (chunkUsage !== undefined && placement !== 'none') chunk.usage = chunkUsage;
        if (choices !== undefined)
          chunk.choices = choices.map((choice) => {
            const delta = record(choice.delta);
            return {
              ...choice,
              finish_reason: finish(choice.finish_reason),
              ...(delta.tool_calls ? { delta: { ...delta, tool_calls: withIds(delta.tool_calls) } } : {}),
            };
          });
        if (spec.chunk) chunk = spec.chunk(chunk, { json: false, first });
        yield { ...event, wire: sse(chunk) };
        if (first && spec.reasoningField && completion.reasoningTokens > 0) {
          const reasoningChunk = {
            ...rest,
            choices: [
              {
                index: 0,
                delta: { [spec.reasoningField]: completion.reasoning },
                finish_reason: null,
              },
            ],
          };
          delete (reasoningChunk as WireObject).usage;
          yield {
            role: 'content',
            tokens: 1,
            wire: sse(
              spec.chunk ? spec.chunk(reasoningChunk, { json: false, first: false }) : reasoningChunk,
            ),
          };
        }
        first = false;
      }
    },
  };
}
