import OpenAI from 'openai';
import type { AnswerSummary, SummaryBlock } from './answer-summary.js';
import type { OpenAIAnswer } from './openai-traffic.js';

/**
 * The official SDK's reading of a Chat Completions stream:
 * `chat.completions.stream()` over the same bytes (its own SSE decoder and
 * `ChatCompletionStream` accumulation), `finalChatCompletion()`.
 */
export async function openAISdkCompletion(fetch: typeof globalThis.fetch): Promise<OpenAI.ChatCompletion> {
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: 'http://fixture.invalid/v1',
    fetch,
    maxRetries: 0,
  });
  return client.chat.completions
    .stream({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'Hi' }],
      stream_options: { include_usage: true },
    })
    .finalChatCompletion();
}

const unifiedFinish: Record<string, string> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/**
 * What our adapter must make of the SDK's completion, in substance. The SDK
 * keeps no reasoning (a compatible server's `reasoning_content` or
 * `reasoning` delta overwrites the last one): the reasoning expected is the
 * generated one. Deliberate differences (adapter README, "How it reads the
 * wire"): a refusal is read as the answer's text (the SDK keeps it in
 * `message.refusal`); `content_filter` with nothing answered is a
 * `content_filtered` failure; tool calls come after the text.
 */
export function expectedFromOpenAICompletion(
  completion: OpenAI.ChatCompletion,
  answer: OpenAIAnswer,
): AnswerSummary {
  const choice = completion.choices[0];
  if (choice === undefined) throw new Error('the SDK read no choice');
  const message = choice.message;
  const blocks: SummaryBlock[] = [];
  const reasoning = answer.reasoning?.fragments.join('') ?? '';
  if (reasoning !== '') blocks.push({ type: 'reasoning', text: reasoning });
  const text = (message.content ?? '') + (message.refusal ?? '');
  if (text !== '') blocks.push({ type: 'text', text });
  for (const call of message.tool_calls ?? []) {
    if (call.type !== 'function') throw new Error(`the generator made a ${call.type} tool call`);
    blocks.push({
      type: 'tool-call',
      id: call.id,
      name: call.function.name,
      input: JSON.parse(call.function.arguments || '{}'),
    });
  }
  const answered = text !== '' || (message.tool_calls ?? []).length > 0;
  if (choice.finish_reason === 'content_filter' && !answered)
    return { blocks: [], failure: { kind: 'content_filtered', code: 'content_filter' } };
  const usage = completion.usage;
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
  return {
    blocks,
    // A refusal ended with `stop` is a `content-filter` finish, as `@ai-sdk/openai` maps it.
    finish: {
      unified:
        choice.finish_reason === 'stop' && message.refusal
          ? 'content-filter'
          : (unifiedFinish[choice.finish_reason] ?? 'other'),
      raw: choice.finish_reason,
    },
    usage:
      usage === undefined
        ? { input: undefined, cacheRead: undefined, cacheWrite: undefined, output: undefined }
        : {
            input: usage.prompt_tokens,
            cacheRead: cached,
            cacheWrite: undefined,
            output: usage.completion_tokens,
          },
    id: completion.id,
    modelId: completion.model,
  };
}

/** The SDK's completion as a non-streamed body, with the reasoning a compatible server would put in its message. */
export function completionBody(completion: OpenAI.ChatCompletion, answer: OpenAIAnswer): string {
  if (answer.reasoning === null) return JSON.stringify(completion);
  const [choice] = completion.choices;
  const message = { ...choice?.message, [answer.reasoning.field]: answer.reasoning.fragments.join('') };
  return JSON.stringify({ ...completion, choices: [{ ...choice, message }] });
}
