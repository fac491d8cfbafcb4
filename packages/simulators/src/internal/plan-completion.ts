import { countTokens } from '../count-tokens.js';
import { exampleFromJsonSchema, type JsonValue } from '../example-from-json-schema.js';
import { simulatedAnswer } from '../simulated-answer.js';
import { continuePrefill } from './continue-prefill.js';
import type { Conversation } from './conversation.js';
import { countTokenPieces } from './count-token-pieces.js';
import { simulatedReasoning } from './simulated-reasoning.js';
import { splitTokens } from './split-tokens.js';

/** One tool call the simulated model makes. */
export interface PlannedToolCall {
  readonly name: string;
  readonly input: JsonValue;
  readonly inputJson: string;
}

/** The answer the simulated model gives, before it is put on the wire. */
export interface Completion {
  readonly text: string;
  readonly toolCalls: readonly PlannedToolCall[];
  readonly finish: 'stop' | 'length' | 'tool_calls' | 'stop_sequence' | 'content_filter';
  readonly stopSequence: string | undefined;
  /** Every input token, cached or not. */
  readonly inputTokens: number;
  /** Every output token, reasoning included. */
  readonly outputTokens: number;
  /** Input tokens read from the prompt cache (part of `inputTokens`). */
  readonly cacheReadTokens: number;
  /** Input tokens written to the prompt cache (part of `inputTokens`). */
  readonly cacheWriteTokens: number;
  /** Reasoning tokens (part of `outputTokens`). */
  readonly reasoningTokens: number;
  /** The reasoning a model shows when it has reasoning tokens (`simulatedReasoning`); `''` when it has none. */
  readonly reasoning: string;
}

/** Fixed usage details a model reports on every answer. */
export interface UsageDetails {
  readonly cachedInputTokens?: number;
  readonly cacheWriteInputTokens?: number;
  readonly reasoningTokens?: number;
}

/**
 * Decides the answer: tool calls when tools are offered and either the tool choice
 * forces one or the last user message mentions tool names (every mentioned tool is
 * called, in offered order, with the minimal valid arguments of its schema); JSON
 * when JSON output is asked for; after a prefill, the rest of the answer it
 * starts (`continuePrefill`); otherwise `simulatedAnswer`, cut at a stop
 * sequence or at the output token limit.
 */
export function planCompletion(
  conversation: Conversation,
  options: { contentFilter: boolean; usage?: UsageDetails | undefined },
): Completion {
  const planned = planAnswer(conversation, options.contentFilter);
  const usage = options.usage;
  if (usage === undefined)
    return { ...planned, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, reasoning: '' };
  const cacheReadTokens = Math.min(usage.cachedInputTokens ?? 0, planned.inputTokens);
  const cacheWriteTokens = Math.min(usage.cacheWriteInputTokens ?? 0, planned.inputTokens - cacheReadTokens);
  const reasoningTokens = usage.reasoningTokens ?? 0;
  return {
    ...planned,
    outputTokens: planned.outputTokens + reasoningTokens,
    cacheReadTokens,
    cacheWriteTokens,
    reasoningTokens,
    reasoning: reasoningTokens > 0 ? simulatedReasoning(conversation.promptText) : '',
  };
}

type PlannedAnswer = Omit<
  Completion,
  'cacheReadTokens' | 'cacheWriteTokens' | 'reasoningTokens' | 'reasoning'
>;

function planAnswer(conversation: Conversation, contentFilter: boolean): PlannedAnswer {
  const { inputTokens } = conversation;
  if (contentFilter) {
    return {
      text: '',
      toolCalls: [],
      finish: 'content_filter',
      stopSequence: undefined,
      inputTokens,
      outputTokens: 0,
    };
  }
  const toolCalls = planToolCalls(conversation);
  if (toolCalls.length > 0) {
    let outputTokens = 0;
    for (const call of toolCalls) outputTokens += countTokens(call.name) + countTokens(call.inputJson) + 3;
    return { text: '', toolCalls, finish: 'tool_calls', stopSequence: undefined, inputTokens, outputTokens };
  }
  let text: string;
  const { output } = conversation;
  if (output.type === 'json_schema') text = JSON.stringify(exampleFromJsonSchema(output.schema));
  else if (output.type === 'json')
    text = JSON.stringify({
      answer: simulatedAnswer({ model: conversation.model, prompt: conversation.promptText }),
    });
  else if (conversation.lastRole === 'assistant' && conversation.prefill !== '')
    text = continuePrefill({
      model: conversation.model,
      prompt: conversation.promptText,
      prefill: conversation.prefill,
    });
  else text = simulatedAnswer({ model: conversation.model, prompt: conversation.promptText });

  let finish: Completion['finish'] = 'stop';
  let stopSequence: string | undefined;
  for (const stop of conversation.stop) {
    const at = stop === '' ? -1 : text.indexOf(stop);
    if (at >= 0) {
      text = text.slice(0, at);
      finish = 'stop_sequence';
      stopSequence = stop;
    }
  }
  // Counted without building the pieces; split only to cut the answer at the cap.
  const outputTokens = countTokenPieces(text);
  if (conversation.maxTokens !== undefined && outputTokens > conversation.maxTokens) {
    text = splitTokens(text).slice(0, Math.max(0, conversation.maxTokens)).join('');
    finish = 'length';
    stopSequence = undefined;
    return { text, toolCalls: [], finish, stopSequence, inputTokens, outputTokens: conversation.maxTokens };
  }
  return { text, toolCalls: [], finish, stopSequence, inputTokens, outputTokens };
}

function planToolCalls(conversation: Conversation): PlannedToolCall[] {
  const { tools, toolChoice } = conversation;
  if (tools.length === 0 || toolChoice.type === 'none' || conversation.lastRole === 'tool') return [];
  const chosen =
    toolChoice.type === 'tool'
      ? tools.filter((tool) => tool.name === toolChoice.name)
      : tools.filter((tool) => conversation.promptText.includes(tool.name));
  if (chosen.length === 0 && toolChoice.type === 'required' && tools[0] !== undefined) chosen.push(tools[0]);
  return chosen.map((tool) => {
    const example = exampleFromJsonSchema(tool.schema ?? { type: 'object' });
    const input = typeof example === 'object' && example !== null && !Array.isArray(example) ? example : {};
    return { name: tool.name, input, inputJson: JSON.stringify(input) };
  });
}
