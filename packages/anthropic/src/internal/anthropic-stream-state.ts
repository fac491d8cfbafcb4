import type { AnthropicCitation } from './citation-sources.js';
import type { BlockContext } from './map-anthropic-block.js';
import { UnreadStreamEvents } from './unread-stream-events.js';

/** A content block the stream has started and not stopped yet, by what it becomes. */
export type OpenBlock =
  | { kind: 'text'; id: string; citations: AnthropicCitation[]; compaction: boolean }
  | { kind: 'reasoning'; id: string }
  | {
      kind: 'tool';
      id: string;
      apiName: string;
      toolName: string;
      initialInput: string;
      input: string;
      providerExecuted: boolean;
    };

/**
 * What the parts of `AnthropicStreamDecoder` share while they map one
 * answer's content blocks: the call's block context (tool names, server and
 * MCP calls, sources), the blocks open by their stream index, whether
 * the answer has content yet (a refusal without any is a failure), and the
 * web search citations whose sources wait for the end (they give sources
 * only when the answer brought no web search results), and what the stream
 * sent that went into no part (`unread`, made at the first such event).
 */
export interface StreamState {
  readonly context: BlockContext;
  readonly blocks: Map<number, OpenBlock>;
  answered: boolean;
  readonly heldWebCitations: AnthropicCitation[];
  unread?: UnreadStreamEvents;
}

/** The stream's unread events, made at the first. */
export function unreadOf(state: StreamState): UnreadStreamEvents {
  state.unread ??= new UnreadStreamEvents();
  return state.unread;
}

/** Where a wire value came from, for `parseWire`'s errors. */
export function wireOf(state: StreamState, what: string) {
  return { call: state.context.call, what };
}
