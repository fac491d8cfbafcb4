import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { ProviderError } from '@switchyard/core';
import { RequestFailedError } from '@switchyard/router';

/** One piece of an answer, in substance: what a user of the answer reads. */
export type SummaryBlock =
  | { type: 'text'; text: string; citations?: unknown }
  | { type: 'reasoning'; text: string; signature?: string; redactedData?: string }
  | { type: 'tool-call'; id: string; name: string; input: unknown; providerExecuted?: true }
  | { type: 'tool-result'; id: string; name: string };

/**
 * An answer in substance, as our adapter or a provider's SDK read it: the
 * blocks in order, the finish reason, the usage numbers, the response id and
 * model; or the classified failure it ended in.
 */
export interface AnswerSummary {
  blocks: SummaryBlock[];
  finish?: { unified: string; raw: string | undefined };
  usage?: { input?: number; cacheRead?: number; cacheWrite?: number; output?: number };
  id?: string;
  modelId?: string;
  failure?: { kind: string; code: string };
}

export const ask: LanguageModelV4CallOptions = {
  prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
};

/** A tool input as a value: parsed when it is JSON, the text itself when not (so a difference shows). */
export function parsedInput(input: string): unknown {
  try {
    return JSON.parse(input) as unknown;
  } catch {
    return { unparsedInput: input };
  }
}

/**
 * What `error` was, for a summary: an adapter's `ProviderError`, or the
 * router's `RequestFailedError` (its last attempt's failure); anything else
 * (a `TypeError`, an unclassified error) fails the property.
 */
function failureOf(error: unknown): AnswerSummary['failure'] {
  if (RequestFailedError.isInstance(error)) {
    const last = error.attempts.at(-1);
    if (last?.failureKind === undefined)
      throw new Error(`a RequestFailedError without a failed attempt: ${error.message}`);
    return { kind: last.failureKind, code: last.code ?? '' };
  }
  if (!ProviderError.isInstance(error))
    throw new Error(`not a classified ProviderError: ${String(error)}`, { cause: error });
  const { failure } = error as ProviderError;
  return { kind: failure.kind, code: failure.code ?? '' };
}

function usageOf(usage: import('@ai-sdk/provider').LanguageModelV4Usage): AnswerSummary['usage'] {
  return {
    input: usage.inputTokens.total,
    cacheRead: usage.inputTokens.cacheRead,
    cacheWrite: usage.inputTokens.cacheWrite,
    output: usage.outputTokens.total,
  };
}

/** Keeps the signature or redacted data a reasoning part carries. */
function reasoningMetadata(
  block: { signature?: string; redactedData?: string },
  metadata: import('@ai-sdk/provider').SharedV4ProviderMetadata | undefined,
): void {
  const { signature, redactedData } = metadata?.anthropic ?? {};
  if (typeof signature === 'string') block.signature = signature;
  if (typeof redactedData === 'string') block.redactedData = redactedData;
}

/** Our adapter's streamed answer, in substance. Fails on a part out of order (a delta for a block never started). */
export async function streamedSummary(model: LanguageModelV4): Promise<AnswerSummary> {
  const summary: AnswerSummary = { blocks: [] };
  const open = new Map<string, SummaryBlock>();
  // Text and reasoning take their place at their start; a tool call at its `tool-call` part (its input complete).
  const started = (id: string, block: SummaryBlock) => {
    if (open.has(id)) throw new Error(`block ${id} started twice`);
    open.set(id, block);
    if (block.type !== 'tool-call') summary.blocks.push(block);
  };
  const find = (id: string, type: SummaryBlock['type']) => {
    const block = open.get(id);
    if (block?.type !== type) throw new Error(`a ${type} part for ${id}, which is not an open ${type} block`);
    return block as never;
  };
  let parts: LanguageModelV4StreamPart[];
  try {
    const { stream } = await model.doStream(ask);
    parts = [];
    for await (const part of stream) parts.push(part);
  } catch (error) {
    return { blocks: [], failure: failureOf(error) };
  }
  for (const part of parts) {
    switch (part.type) {
      case 'text-start':
        started(part.id, { type: 'text', text: '' });
        break;
      case 'text-delta':
        (find(part.id, 'text') as { text: string }).text += part.delta;
        break;
      case 'text-end': {
        const citations = part.providerMetadata?.anthropic?.citations;
        const block = find(part.id, 'text') as { citations?: unknown };
        if (citations !== undefined) block.citations = citations;
        open.delete(part.id);
        break;
      }
      // The AI SDK takes a reasoning block's metadata from its start, deltas and end (the last wins).
      case 'reasoning-start':
        started(part.id, { type: 'reasoning', text: '' });
        reasoningMetadata(find(part.id, 'reasoning'), part.providerMetadata);
        break;
      case 'reasoning-delta': {
        const block = find(part.id, 'reasoning') as {
          text: string;
          signature?: string;
          redactedData?: string;
        };
        block.text += part.delta;
        reasoningMetadata(block, part.providerMetadata);
        break;
      }
      case 'reasoning-end':
        reasoningMetadata(find(part.id, 'reasoning'), part.providerMetadata);
        open.delete(part.id);
        break;
      case 'tool-input-start':
        started(part.id, { type: 'tool-call', id: part.id, name: part.toolName, input: undefined });
        break;
      case 'tool-input-delta':
      case 'tool-input-end':
        find(part.id, 'tool-call');
        break;
      case 'tool-call': {
        const block = find(part.toolCallId, 'tool-call') as Extract<SummaryBlock, { type: 'tool-call' }>;
        if (block.name !== part.toolName) throw new Error(`tool ${part.toolCallId} renamed`);
        block.input = parsedInput(part.input);
        if (part.providerExecuted) block.providerExecuted = true;
        summary.blocks.push(block);
        open.delete(part.toolCallId);
        break;
      }
      case 'tool-result':
        summary.blocks.push({ type: 'tool-result', id: part.toolCallId, name: part.toolName });
        break;
      case 'response-metadata':
        if (summary.id !== undefined || summary.modelId !== undefined)
          throw new Error('response-metadata twice');
        if (part.id !== undefined) summary.id = part.id;
        if (part.modelId !== undefined) summary.modelId = part.modelId;
        break;
      case 'finish':
        if (summary.finish !== undefined) throw new Error('finish twice');
        summary.finish = { unified: part.finishReason.unified, raw: part.finishReason.raw };
        summary.usage = usageOf(part.usage);
        break;
      case 'error':
        summary.failure = failureOf(part.error);
        break;
      default:
        break;
    }
  }
  if (summary.failure !== undefined) return { blocks: [], failure: summary.failure };
  if (open.size > 0) throw new Error(`blocks never ended: ${[...open.keys()].join(', ')}`);
  return summary;
}

/** Our adapter's generated (not streamed) answer, in substance. */
export async function generatedSummary(model: LanguageModelV4): Promise<AnswerSummary> {
  let result: Awaited<ReturnType<LanguageModelV4['doGenerate']>>;
  try {
    result = await model.doGenerate(ask);
  } catch (error) {
    return { blocks: [], failure: failureOf(error) };
  }
  return {
    blocks: result.content.flatMap((part: LanguageModelV4Content): SummaryBlock[] => {
      switch (part.type) {
        case 'text': {
          const citations = part.providerMetadata?.anthropic?.citations;
          return [{ type: 'text', text: part.text, ...(citations === undefined ? {} : { citations }) }];
        }
        case 'reasoning': {
          const { signature, redactedData } = part.providerMetadata?.anthropic ?? {};
          return [
            {
              type: 'reasoning',
              text: part.text,
              ...(typeof signature === 'string' ? { signature } : {}),
              ...(typeof redactedData === 'string' ? { redactedData } : {}),
            },
          ];
        }
        case 'tool-call':
          return [
            {
              type: 'tool-call',
              id: part.toolCallId,
              name: part.toolName,
              input: parsedInput(part.input),
              ...(part.providerExecuted ? { providerExecuted: true as const } : {}),
            },
          ];
        case 'tool-result':
          return [{ type: 'tool-result', id: part.toolCallId, name: part.toolName }];
        default:
          return [];
      }
    }),
    finish: { unified: result.finishReason.unified, raw: result.finishReason.raw },
    usage: usageOf(result.usage),
    ...(result.response?.id === undefined ? {} : { id: result.response.id }),
    ...(result.response?.modelId === undefined ? {} : { modelId: result.response.modelId }),
  };
}

const kindOrder: Record<SummaryBlock['type'], number> = {
  reasoning: 0,
  text: 1,
  'tool-call': 2,
  'tool-result': 3,
};

/**
 * The summary with its blocks grouped by kind (reasoning, text, tool calls),
 * each kind in its own order: for Chat Completions and Ollama, whose messages
 * hold text and tool calls in separate fields, where the order between kinds
 * is not part of the answer.
 */
export function byKind(summary: AnswerSummary): AnswerSummary {
  return { ...summary, blocks: summary.blocks.toSorted((a, b) => kindOrder[a.type] - kindOrder[b.type]) };
}

/** A tool call the server sent without id gets one of ours (`call_<24 hex>_<n>`): the expected summary has `''` there. */
export function withoutMadeUpIds(summary: AnswerSummary, expected: AnswerSummary): AnswerSummary {
  return {
    ...summary,
    blocks: summary.blocks.map((block, position) => {
      const wanted = expected.blocks[position];
      return block.type === 'tool-call' &&
        wanted?.type === 'tool-call' &&
        wanted.id === '' &&
        /^call_[0-9a-f]{24}_\d+$/.test(block.id)
        ? { ...block, id: '' }
        : block;
    }),
  };
}
