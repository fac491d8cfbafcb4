import type { ChatResponse } from 'ollama';
import { Ollama } from 'ollama';
import type { AnswerSummary, SummaryBlock } from './answer-summary.js';

/**
 * The official client's reading of an `/api/chat` stream: `chat({ stream:
 * true })` over the same bytes (its own NDJSON reader), its parts added up as
 * its README shows (content and thinking concatenated, tool calls collected,
 * counts from the `done` part).
 */
export async function ollamaClientAnswer(fetch: typeof globalThis.fetch): Promise<ChatResponse> {
  const client = new Ollama({ host: 'http://fixture.invalid:11434', fetch });
  const parts = await client.chat({
    model: 'llama3.2',
    messages: [{ role: 'user', content: 'Hi' }],
    stream: true,
  });
  let content = '';
  let thinking = '';
  const toolCalls: NonNullable<ChatResponse['message']['tool_calls']> = [];
  let last: ChatResponse | undefined;
  for await (const part of parts) {
    content += part.message.content ?? '';
    thinking += part.message.thinking ?? '';
    toolCalls.push(...(part.message.tool_calls ?? []));
    last = part;
  }
  if (last === undefined) throw new Error('the client read no part');
  return {
    ...last,
    message: {
      role: 'assistant',
      content,
      ...(thinking === '' ? {} : { thinking }),
      ...(toolCalls.length === 0 ? {} : { tool_calls: toolCalls }),
    },
  };
}

/**
 * What our adapter must make of the client's answer, in substance: Ollama
 * says `stop` after a tool call too, which the adapter reads as `tool-calls`,
 * and `load` or `unload` with nothing answered is a `transient` failure
 * (README); it reports no cache split and no response id.
 */
export function expectedFromOllamaAnswer(answer: ChatResponse): AnswerSummary {
  const blocks: SummaryBlock[] = [];
  const message = answer.message;
  if (message.thinking) blocks.push({ type: 'reasoning', text: message.thinking });
  if (message.content) blocks.push({ type: 'text', text: message.content });
  for (const call of message.tool_calls ?? [])
    blocks.push({
      type: 'tool-call',
      id: (call as { id?: string }).id ?? '',
      name: call.function.name,
      input: call.function.arguments,
    });
  const reason = answer.done_reason;
  // A done part that ends no generation (`load`, `unload`) with nothing answered is no answer (README).
  if (blocks.length === 0 && (reason === 'load' || reason === 'unload'))
    return { blocks: [], failure: { kind: 'transient', code: `model_${reason}_only` } };
  const toolCalls = (message.tool_calls ?? []).length > 0;
  const unified =
    toolCalls && reason === 'stop'
      ? 'tool-calls'
      : reason === 'stop'
        ? 'stop'
        : reason === 'length'
          ? 'length'
          : 'other';
  return {
    blocks,
    finish: { unified, raw: reason },
    usage: {
      input: answer.prompt_eval_count,
      cacheRead: undefined,
      cacheWrite: undefined,
      output: answer.eval_count,
    },
    modelId: answer.model,
  };
}
