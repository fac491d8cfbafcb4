import type { AnthropicAnswer } from './anthropic-traffic.js';
import type { WireEvent } from './sse-framing.js';

/**
 * A generated Messages API answer on the wire: its complete content blocks (a
 * non-streamed message's) and its stream events.
 */

const toolId = (answer: AnthropicAnswer, index: number, server: boolean) =>
  `${server ? 'srvtoolu' : 'toolu'}_${answer.id.slice(4)}${index}`;

/** The web search's result block for the server tool call `id`. */
const webSearchResult = (id: string, hits: readonly Record<string, unknown>[]) => ({
  type: 'web_search_tool_result',
  tool_use_id: id,
  content: hits.map((hit) => ({ type: 'web_search_result', encrypted_content: 'EqgfCioIARgB', ...hit })),
});

/** The answer's content blocks, complete (as a non-streamed message holds them). */
export function anthropicBlocks(answer: AnthropicAnswer): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  for (const spec of answer.blocks) {
    const index = blocks.length;
    switch (spec.type) {
      case 'text':
        blocks.push({
          type: 'text',
          text: spec.fragments.join(''),
          citations: spec.citations.length > 0 ? spec.citations : null,
        });
        break;
      case 'thinking':
        blocks.push({ type: 'thinking', thinking: spec.fragments.join(''), signature: spec.signature });
        break;
      case 'redacted_thinking':
        blocks.push({ type: 'redacted_thinking', data: spec.data });
        break;
      case 'tool_use':
        blocks.push({
          type: 'tool_use',
          id: toolId(answer, index, false),
          name: spec.name,
          input: spec.input,
        });
        break;
      case 'server_tool_use': {
        const id = toolId(answer, index, true);
        blocks.push({ type: 'server_tool_use', id, name: 'web_search', input: { query: spec.query } });
        blocks.push(webSearchResult(id, spec.hits));
        break;
      }
    }
  }
  return blocks;
}

/** The answer's events, in order, each with its `event:` name (the API always sends one). */
export function anthropicEvents(answer: AnthropicAnswer): WireEvent[] {
  if (answer.wholeInMessageStart) {
    const events: WireEvent[] = [];
    const message = {
      id: answer.id,
      type: 'message',
      role: 'assistant',
      model: answer.model,
      content: anthropicBlocks(answer),
      stop_reason: answer.stopReason,
      stop_sequence: answer.stopSequence,
      usage: { ...answer.startUsage, output_tokens: answer.outputTokens },
    };
    events.push({ event: 'message_start', data: { type: 'message_start', message } });
    events.push({ event: 'message_stop', data: { type: 'message_stop' } });
    return events;
  }
  const events: WireEvent[] = [];
  const add = (data: { type: string } & Record<string, unknown>) => events.push({ event: data.type, data });
  add({
    type: 'message_start',
    message: {
      id: answer.id,
      type: 'message',
      role: 'assistant',
      model: answer.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: answer.startUsage,
    },
  });
  let index = 0;
  const delta = (delta: Record<string, unknown>) => add({ type: 'content_block_delta', index, delta });
  const stop = () => add({ type: 'content_block_stop', index: index++ });
  for (const spec of answer.blocks) {
    switch (spec.type) {
      case 'text':
        add({
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '', ...(spec.citations.length > 0 ? { citations: [] } : {}) },
        });
        for (const citation of spec.citations) delta({ type: 'citations_delta', citation });
        for (const text of spec.fragments) delta({ type: 'text_delta', text });
        stop();
        break;
      case 'thinking':
        add({
          type: 'content_block_start',
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        });
        for (const thinking of spec.fragments) delta({ type: 'thinking_delta', thinking });
        delta({ type: 'signature_delta', signature: spec.signature });
        stop();
        break;
      case 'redacted_thinking':
        add({
          type: 'content_block_start',
          index,
          content_block: { type: 'redacted_thinking', data: spec.data },
        });
        stop();
        break;
      case 'tool_use':
        add({
          type: 'content_block_start',
          index,
          content_block: {
            type: 'tool_use',
            id: toolId(answer, index, false),
            name: spec.name,
            input: spec.inputInStart ? spec.input : {},
          },
        });
        if (!spec.inputInStart)
          for (const partial_json of spec.fragments) delta({ type: 'input_json_delta', partial_json });
        stop();
        break;
      case 'server_tool_use': {
        const id = toolId(answer, index, true);
        add({
          type: 'content_block_start',
          index,
          content_block: { type: 'server_tool_use', id, name: 'web_search', input: {} },
        });
        for (const partial_json of spec.fragments) delta({ type: 'input_json_delta', partial_json });
        stop();
        add({
          type: 'content_block_start',
          index,
          content_block: webSearchResult(id, spec.hits),
        });
        stop();
        break;
      }
    }
  }
  add({
    type: 'message_delta',
    delta: { stop_reason: answer.stopReason, stop_sequence: answer.stopSequence },
    usage: { ...answer.deltaUsage, output_tokens: answer.outputTokens },
  });
  add({ type: 'message_stop' });
  for (const ping of answer.pings)
    events.splice(ping % (events.length + 1), 0, { event: 'ping', data: { type: 'ping' } });
  return events;
}
