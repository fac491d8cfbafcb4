import fc from 'fast-check';
import type { WireEvent } from './sse-framing.js';
import { cuts, splitText, toolInput, wireText } from './wire-text.js';

/**
 * Legal Chat Completions streams, in the shapes the `openai` SDK's types
 * (`ChatCompletionChunk`) and the streaming docs define, with what
 * OpenAI-compatible servers add (found in our fixtures: `reasoning_content`
 * or `reasoning` deltas, `content: null`, `usage: null` on every chunk):
 * a first delta with the role, reasoning, text or a refusal cut anywhere,
 * `logprobs`, several tool calls whose fragments interleave by `index`
 * (id, type and name on the first fragment only, arguments cut anywhere),
 * every `finish_reason`, and the usage chunk with empty `choices`
 * (`stream_options.include_usage`).
 */

export interface OpenAIToolCallSpec {
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly fragments: string[];
  /** The name on the second fragment, not the first (`function.name` is optional on every delta). */
  readonly nameLater: boolean;
  /** With `nameLater`, the id comes with the name too (`id` is optional on every delta). */
  readonly idLater: boolean;
}

export interface OpenAIAnswer {
  readonly id: string;
  readonly model: string;
  readonly created: number;
  readonly firstContent: '' | null;
  /** Text (`content`) or a refusal (`refusal`), cut into deltas. */
  readonly answer: { field: 'content' | 'refusal'; fragments: string[] };
  readonly reasoning: { field: 'reasoning_content' | 'reasoning'; fragments: string[] } | null;
  readonly toolCalls: OpenAIToolCallSpec[];
  /** Which tool call's next fragment comes next (taken modulo the calls left). */
  readonly interleaving: number[];
  readonly finishReason: string;
  readonly logprobs: boolean;
  /** Obfuscation padding on every chunk (OpenAI adds it unless told not to). */
  readonly obfuscation: boolean;
  /** How the end is framed: a chunk of its own with `delta: {}`, one without `delta`, or on the last content chunk. */
  readonly finishOn: 'own-chunk' | 'own-chunk-without-delta' | 'last-chunk';
  /** The usage on a chunk of its own with `choices: []` (`include_usage`), or on the finish chunk (llama-server, vLLM). */
  readonly usageOn: 'own-chunk' | 'finish-chunk';
  /** An `event:` line on every chunk (`message`, the SSE default type, which a proxy may write out), or none. */
  readonly eventName: 'message' | null;
  /** Tool-call fragments per chunk: one (OpenAI), or all of a turn's at once (some servers). */
  readonly toolCallsPerChunk: number;
  readonly usage: {
    prompt_tokens: number;
    completion_tokens: number;
    cached: number | null;
    reasoning: number | null;
  } | null;
}

/** Every `finish_reason` of `ChatCompletionChunk.Choice`. */
export const openAIFinishReasons = [
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'function_call',
] as const;

const fragmentsOf = (maxLength: number) =>
  fc.tuple(wireText(maxLength), cuts()).map(([text, at]) => splitText(text, at));

const toolCall: fc.Arbitrary<OpenAIToolCallSpec> = toolInput.chain((input) =>
  fc.record({
    name: fc.constantFrom('get_weather', 'lookup', 'search_docs'),
    input: fc.constant(input),
    fragments: fc
      .tuple(fc.boolean(), cuts(8))
      .map(([indent, at]) => splitText(JSON.stringify(input, null, indent ? 1 : undefined), at)),
    nameLater: fc.boolean(),
    idLater: fc.boolean(),
  }),
);

export const openAIAnswer: fc.Arbitrary<OpenAIAnswer> = fc.record({
  id: fc.stringMatching(/^chatcmpl-[A-Za-z0-9]{4,20}$/),
  model: fc.constantFrom('gpt-4o-2024-08-06', 'gpt-5-mini', 'deepseek-reasoner', 'Qwen/Qwen3-8B'),
  created: fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }),
  firstContent: fc.constantFrom('' as const, null),
  answer: fc.record({
    field: fc.oneof(
      { weight: 4, arbitrary: fc.constant('content' as const) },
      fc.constant('refusal' as const),
    ),
    fragments: fragmentsOf(40),
  }),
  reasoning: fc.option(
    fc.record({
      field: fc.constantFrom('reasoning_content' as const, 'reasoning' as const),
      fragments: fragmentsOf(30),
    }),
  ),
  toolCalls: fc.array(toolCall, { maxLength: 3 }),
  interleaving: fc.array(fc.nat(), { maxLength: 30 }),
  finishReason: fc.constantFrom(...openAIFinishReasons),
  logprobs: fc.boolean(),
  obfuscation: fc.boolean(),
  finishOn: fc.constantFrom('own-chunk' as const, 'own-chunk-without-delta' as const, 'last-chunk' as const),
  usageOn: fc.constantFrom('own-chunk' as const, 'finish-chunk' as const),
  eventName: fc.option(fc.constant('message' as const)),
  toolCallsPerChunk: fc.oneof({ weight: 3, arbitrary: fc.constant(1) }, fc.integer({ min: 2, max: 4 })),
  usage: fc.option(
    fc
      .record({
        prompt_tokens: fc.nat(100_000),
        completion_tokens: fc.nat(10_000),
        cached: fc.option(fc.nat()),
        reasoning: fc.option(fc.nat()),
      })
      .map((usage) => ({
        ...usage,
        cached: usage.cached === null ? null : usage.cached % (usage.prompt_tokens + 1),
        reasoning: usage.reasoning === null ? null : usage.reasoning % (usage.completion_tokens + 1),
      })),
  ),
});

/** The tool-call deltas, interleaved by `answer.interleaving`; the first fragment of each call carries id, type and name. */
function toolCallDeltas(answer: OpenAIAnswer): Record<string, unknown>[] {
  const queues = answer.toolCalls.map((call, index) => {
    const fragments: Record<string, unknown>[] = call.fragments.map((fragment, position) =>
      position === 0
        ? {
            index,
            ...(call.nameLater && call.idLater ? {} : { id: `call_${answer.id.slice(9)}${index}` }),
            type: 'function',
            function: { ...(call.nameLater ? {} : { name: call.name }), arguments: fragment },
          }
        : { index, function: { arguments: fragment } },
    );
    if (call.nameLater)
      fragments.splice(1, 0, {
        index,
        ...(call.idLater ? { id: `call_${answer.id.slice(9)}${index}` } : {}),
        function: { name: call.name },
      });
    return fragments;
  });
  const deltas: Record<string, unknown>[] = [];
  let turn = 0;
  // A call starts only after the calls before it started (the API numbers them in order of appearance).
  let started = 0;
  while (queues.some((queue) => queue.length > 0)) {
    const open = queues
      .map((queue, index) => ({ queue, index }))
      .filter(({ queue, index }) => queue.length > 0 && index <= started);
    const pick = open[(answer.interleaving[turn++] ?? 0) % open.length] as (typeof open)[number];
    if (pick.index === started) started++;
    deltas.push(pick.queue.shift() as Record<string, unknown>);
  }
  return deltas;
}

/** The answer's chunks, in order, as `data:` events without `event:` names. */
export function openAIEvents(answer: OpenAIAnswer): WireEvent[] {
  const base = {
    id: answer.id,
    object: 'chat.completion.chunk',
    created: answer.created,
    model: answer.model,
    system_fingerprint: 'fp_44709d6fcb',
    service_tier: 'default',
  };
  const chunks: { choice: Record<string, unknown>; usage?: unknown }[] = [];
  const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    chunks.push({ choice: { index: 0, delta, logprobs: null, finish_reason: null, ...extra } });
  chunk({ role: 'assistant', content: answer.firstContent, refusal: null });
  for (const fragment of answer.reasoning?.fragments ?? [])
    chunk({ [answer.reasoning?.field ?? 'reasoning']: fragment, content: null });
  for (const fragment of answer.answer.fragments) {
    const logprobs = answer.logprobs
      ? {
          logprobs: {
            [answer.answer.field]: [
              {
                token: fragment,
                logprob: -0.25,
                bytes: [...new TextEncoder().encode(fragment)],
                top_logprobs: [],
              },
            ],
            [answer.answer.field === 'content' ? 'refusal' : 'content']: null,
          },
        }
      : {};
    chunk({ [answer.answer.field]: fragment }, logprobs);
  }
  const calls = toolCallDeltas(answer);
  for (let start = 0; start < calls.length; start += answer.toolCallsPerChunk)
    chunk({ content: null, tool_calls: calls.slice(start, start + answer.toolCallsPerChunk) });
  const last = chunks.at(-1);
  if (answer.finishOn === 'last-chunk' && last !== undefined && chunks.length > 1)
    last.choice = { ...last.choice, finish_reason: answer.finishReason };
  else if (answer.finishOn === 'own-chunk-without-delta')
    chunks.push({ choice: { index: 0, finish_reason: answer.finishReason } });
  else chunk({}, { finish_reason: answer.finishReason });
  const usage = usageOf(answer);
  const named = answer.eventName === null ? {} : { event: answer.eventName };
  const events: WireEvent[] = chunks.map(({ choice }, position) => ({
    ...named,
    data: {
      ...base,
      choices: [choice],
      ...(usage === undefined
        ? {}
        : { usage: answer.usageOn === 'finish-chunk' && position === chunks.length - 1 ? usage : null }),
      ...(answer.obfuscation ? { obfuscation: 'a1B2' } : {}),
    },
  }));
  if (usage !== undefined && answer.usageOn === 'own-chunk')
    events.push({
      ...named,
      data: { ...base, choices: [], usage, ...(answer.obfuscation ? { obfuscation: 'c3D4' } : {}) },
    });
  return events;
}

function usageOf(answer: OpenAIAnswer): Record<string, unknown> | undefined {
  if (answer.usage === null) return undefined;
  const { prompt_tokens, completion_tokens, cached, reasoning } = answer.usage;
  return {
    prompt_tokens,
    completion_tokens,
    total_tokens: prompt_tokens + completion_tokens,
    ...(cached === null ? {} : { prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 } }),
    ...(reasoning === null
      ? {}
      : { completion_tokens_details: { reasoning_tokens: reasoning, audio_tokens: 0 } }),
  };
}
