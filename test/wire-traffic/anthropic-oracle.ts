import Anthropic from '@anthropic-ai/sdk';
import type { AnswerSummary, SummaryBlock } from './answer-summary.js';

/**
 * The official SDK's reading of a Messages API stream: `messages.stream()`
 * over the same bytes (its own SSE decoder and `MessageStream`
 * accumulation), `finalMessage()`.
 */
export async function anthropicSdkMessage(fetch: typeof globalThis.fetch): Promise<Anthropic.Message> {
  const client = new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: 'http://fixture.invalid',
    fetch,
    maxRetries: 0,
  });
  return client.messages
    .stream({ model: 'claude-test', max_tokens: 1024, messages: [{ role: 'user', content: 'Hi' }] })
    .finalMessage();
}

/**
 * Unified finish reason of each `stop_reason`, as the adapter README
 * documents it (`pause_turn` is a stop: the server tool loop paused).
 */
const unifiedStop: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool-calls',
  refusal: 'content-filter',
};

/**
 * What our adapter must make of the SDK's message, in substance. The
 * deliberate differences (see the adapter README, "How it reads the wire"):
 * the input total counts cache reads and writes (the API reports
 * them apart); a refusal with nothing answered is a `content_filtered`
 * failure, not an empty answer.
 */
export function expectedFromAnthropicMessage(message: Anthropic.Message): AnswerSummary {
  const blocks: SummaryBlock[] = [];
  for (const block of message.content) {
    switch (block.type) {
      case 'text': {
        const citations = block.citations ?? [];
        blocks.push({ type: 'text', text: block.text, ...(citations.length > 0 ? { citations } : {}) });
        break;
      }
      case 'thinking':
        blocks.push({
          type: 'reasoning',
          text: block.thinking,
          ...(block.signature ? { signature: block.signature } : {}),
        });
        break;
      case 'redacted_thinking':
        blocks.push({ type: 'reasoning', text: '', redactedData: block.data });
        break;
      case 'tool_use':
        blocks.push({ type: 'tool-call', id: block.id, name: block.name, input: block.input });
        break;
      case 'server_tool_use':
        blocks.push({
          type: 'tool-call',
          id: block.id,
          name: block.name,
          input: block.input,
          providerExecuted: true,
        });
        break;
      case 'web_search_tool_result':
        blocks.push({ type: 'tool-result', id: block.tool_use_id, name: 'web_search' });
        break;
      default:
        throw new Error(`the generator made a block the summary does not know: ${block.type}`);
    }
  }
  const answered = blocks.some((block) => block.type === 'text' || block.type === 'tool-call');
  if (message.stop_reason === 'refusal' && !answered)
    return { blocks: [], failure: { kind: 'content_filtered', code: 'refusal' } };
  const usage = message.usage;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return {
    blocks,
    finish: {
      unified: unifiedStop[message.stop_reason ?? ''] ?? 'other',
      raw: message.stop_reason ?? undefined,
    },
    usage: {
      input: usage.input_tokens + cacheRead + cacheWrite,
      cacheRead,
      cacheWrite,
      output: usage.output_tokens,
    },
    id: message.id,
    modelId: message.model,
  };
}
