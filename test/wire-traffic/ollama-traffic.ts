import fc from 'fast-check';
import { cuts, splitText, toolInput, wireText } from './wire-text.js';

/**
 * Legal `/api/chat` streams, in the shapes the `ollama` client's types
 * (`ChatResponse`, `Message`, `ToolCall`) and Ollama's API docs define:
 * NDJSON parts with `thinking`, then `content`, cut anywhere; tool calls whole
 * (arguments as an object; with an `id` and `index` from Ollama 0.12, without
 * before); the last part `done: true` with its `done_reason`, counts and
 * durations (the last text may ride on it).
 */

export interface OllamaToolCallSpec {
  readonly id: string | null;
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}

export interface OllamaAnswer {
  readonly model: string;
  readonly createdAt: string;
  readonly thinking: string[];
  readonly content: string[];
  readonly toolCalls: OllamaToolCallSpec[];
  /** All tool calls in one part (Ollama's way), or one part each. */
  readonly toolCallsTogether: boolean;
  /** The last content fragment on the `done` part. */
  readonly contentOnDone: boolean;
  /** The tool calls on the `done` part. */
  readonly toolCallsOnDone: boolean;
  /** Lines end in CRLF (a proxy's rewrite; JSON allows the `\r` as trailing whitespace). */
  readonly crlf: boolean;
  readonly doneReason: string;
  readonly promptEvalCount: number;
  readonly evalCount: number;
}

/** The `done_reason`s Ollama sends (`load` and `unload` for model loads, `length` at `num_predict`). */
export const ollamaDoneReasons = ['stop', 'length', 'load', 'unload'] as const;

const fragmentsOf = (maxLength: number) =>
  fc.tuple(wireText(maxLength), cuts()).map(([text, at]) => splitText(text, at));

export const ollamaAnswer: fc.Arbitrary<OllamaAnswer> = fc.record({
  model: fc.constantFrom('llama3.2', 'qwen3:8b', 'gpt-oss:20b', 'deepseek-r1:7b'),
  createdAt: fc
    .integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 })
    .map((ms) => new Date(ms).toISOString().replace('Z', '123456Z')),
  thinking: fc.oneof(fc.constant<string[]>([]), fragmentsOf(30)),
  content: fragmentsOf(40),
  toolCalls: fc.array(
    fc.record({
      id: fc.option(fc.stringMatching(/^call_[a-z0-9]{8}$/)),
      name: fc.constantFrom('get_weather', 'lookup'),
      arguments: toolInput,
    }),
    { maxLength: 3 },
  ),
  toolCallsTogether: fc.boolean(),
  contentOnDone: fc.boolean(),
  toolCallsOnDone: fc.boolean(),
  crlf: fc.boolean(),
  doneReason: fc.constantFrom(...ollamaDoneReasons),
  promptEvalCount: fc.nat(100_000),
  evalCount: fc.nat(10_000),
});

const toolCallOf = (call: OllamaToolCallSpec, index: number) => ({
  ...(call.id === null ? {} : { id: call.id }),
  function: { ...(call.id === null ? {} : { index }), name: call.name, arguments: call.arguments },
});

/** The answer's parts, in order. */
export function ollamaParts(answer: OllamaAnswer): Record<string, unknown>[] {
  const parts: Record<string, unknown>[] = [];
  const part = (message: Record<string, unknown>, done: Record<string, unknown> = { done: false }) =>
    parts.push({
      model: answer.model,
      created_at: answer.createdAt,
      message: { role: 'assistant', content: '', ...message },
      ...done,
    });
  for (const thinking of answer.thinking) part({ thinking });
  const content = answer.contentOnDone ? answer.content.slice(0, -1) : answer.content;
  for (const text of content) part({ content: text });
  const calls = answer.toolCalls.map(toolCallOf);
  if (!answer.toolCallsOnDone) {
    if (answer.toolCallsTogether && calls.length > 0) part({ tool_calls: calls });
    else for (const call of calls) part({ tool_calls: [call] });
  }
  const last = {
    ...(answer.contentOnDone ? { content: answer.content.at(-1) ?? '' } : {}),
    ...(answer.toolCallsOnDone && calls.length > 0 ? { tool_calls: calls } : {}),
  };
  part(last, {
    done: true,
    done_reason: answer.doneReason,
    total_duration: 4_883_583_458,
    load_duration: 1_334_875,
    prompt_eval_count: answer.promptEvalCount,
    prompt_eval_duration: 107_345_000,
    eval_count: answer.evalCount,
    eval_duration: 4_289_432_000,
  });
  return parts;
}

/** The NDJSON body of the parts, its lines ending in LF or CRLF. */
export const ndjsonText = (parts: readonly unknown[], crlf = false): string =>
  parts.map((part) => `${JSON.stringify(part)}${crlf ? '\r\n' : '\n'}`).join('');
