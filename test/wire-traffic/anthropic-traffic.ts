import fc from 'fast-check';
import { cuts, splitText, toolInput, wireText } from './wire-text.js';

/**
 * Legal Messages API streams, in the shapes `@anthropic-ai/sdk`'s types
 * (`RawMessageStreamEvent`, `ContentBlock`, `RawContentBlockDelta`) and the
 * streaming docs define: `message_start` with usage (cache reads and writes),
 * content blocks one after another (text with citations, thinking with its
 * `signature_delta`, `redacted_thinking`, `tool_use` whose `input_json_delta`
 * fragments are cut anywhere, empty ones included, a server tool call and its
 * result), `ping` anywhere, `message_delta` with every `stop_reason` and
 * cumulative usage, `message_stop`.
 */

export type AnthropicBlockSpec =
  | { type: 'text'; fragments: string[]; citations: Record<string, unknown>[] }
  | { type: 'thinking'; fragments: string[]; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | {
      type: 'tool_use';
      name: string;
      input: Record<string, unknown>;
      fragments: string[];
      /** The input whole in `content_block_start`, no deltas (seen on real streams). */
      inputInStart: boolean;
    }
  | {
      type: 'server_tool_use';
      query: string;
      fragments: string[];
      hits: { url: string; title: string; page_age: string | null }[];
    };

export interface AnthropicAnswer {
  readonly id: string;
  readonly model: string;
  readonly blocks: AnthropicBlockSpec[];
  readonly stopReason: string;
  readonly stopSequence: string | null;
  readonly startUsage: {
    input_tokens: number;
    output_tokens: number;
    cache_creation_input_tokens: number | null;
    cache_read_input_tokens: number | null;
  };
  /** What `message_delta` repeats or updates of the input counters (absent, `null` or a count). */
  readonly deltaUsage: Record<string, number | null>;
  readonly outputTokens: number;
  /** Where `ping` events go (positions in the event list). */
  readonly pings: number[];
  /** The answer whole inside `message_start` (seen on real streams for a deferred tool call), no block events. */
  readonly wholeInMessageStart: boolean;
}

/** Every `stop_reason` the API documents, and `compaction`. */
export const anthropicStopReasons = [
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
  'compaction',
] as const;

/** A citation of each documented type (the documents' indexes reach past the two a test prompt sends). */
const citation = fc.oneof(
  fc.record({
    type: fc.constant('web_search_result_location'),
    cited_text: wireText(12),
    url: fc.constantFrom('https://example.org/a', 'https://example.org/b?q=é'),
    title: fc.option(wireText(8)),
    encrypted_index: fc.constant('Eo8BCioIAhgBIiQ'),
  }),
  fc.record({
    type: fc.constant('char_location'),
    cited_text: wireText(12),
    document_index: fc.nat(3),
    document_title: fc.option(wireText(8)),
    start_char_index: fc.nat(100),
    end_char_index: fc.nat(100),
    file_id: fc.option(fc.constant('file_011CNha8iCJcU1wXNR6q4V8w')),
  }),
  fc.record({
    type: fc.constant('page_location'),
    cited_text: wireText(12),
    document_index: fc.nat(3),
    document_title: fc.option(wireText(8)),
    start_page_number: fc.integer({ min: 1, max: 9 }),
    end_page_number: fc.integer({ min: 2, max: 10 }),
    file_id: fc.constant(null),
  }),
  fc.record({
    type: fc.constant('content_block_location'),
    cited_text: wireText(12),
    document_index: fc.nat(3),
    document_title: fc.option(wireText(8)),
    start_block_index: fc.nat(4),
    end_block_index: fc.integer({ min: 1, max: 5 }),
    file_id: fc.constant(null),
  }),
  fc.record({
    type: fc.constant('search_result_location'),
    cited_text: wireText(12),
    search_result_index: fc.nat(2),
    source: fc.constantFrom('https://example.org/kb/1', 'kb://notice-periods'),
    title: fc.option(wireText(8)),
    start_block_index: fc.nat(4),
    end_block_index: fc.integer({ min: 1, max: 5 }),
  }),
);

/** A tool input as JSON text, compact or indented (the API sends either), cut anywhere. */
const inputFragments = (input: Record<string, unknown>) =>
  fc.tuple(fc.boolean(), cuts(8), fc.boolean()).map(([indent, at, leadingEmpty]) => {
    const text =
      Object.keys(input).length === 0 && leadingEmpty
        ? ''
        : JSON.stringify(input, null, indent ? 2 : undefined);
    return [...(leadingEmpty ? [''] : []), ...splitText(text, at)];
  });

const block: fc.Arbitrary<AnthropicBlockSpec> = fc.oneof(
  fc.record({
    type: fc.constant('text' as const),
    fragments: fc.tuple(wireText(40), cuts()).map(([text, at]) => splitText(text, at)),
    citations: fc.oneof(
      { weight: 3, arbitrary: fc.constant<Record<string, unknown>[]>([]) },
      fc.array(citation, { maxLength: 3 }),
    ),
  }),
  fc.record({
    type: fc.constant('thinking' as const),
    fragments: fc.tuple(wireText(40), cuts()).map(([text, at]) => splitText(text, at)),
    signature: fc.stringMatching(/^[A-Za-z0-9+/]{8,40}={0,2}$/),
  }),
  fc.record({
    type: fc.constant('redacted_thinking' as const),
    data: fc.stringMatching(/^[A-Za-z0-9+/]{8,40}={0,2}$/),
  }),
  toolInput.chain((input) =>
    fc.record({
      type: fc.constant('tool_use' as const),
      name: fc.constantFrom('get_weather', 'lookup', 'search_docs'),
      input: fc.constant(input),
      fragments: inputFragments(input),
      inputInStart: fc.boolean(),
    }),
  ),
  wireText(20).chain((query) =>
    fc.record({
      type: fc.constant('server_tool_use' as const),
      query: fc.constant(query),
      fragments: inputFragments({ query }),
      hits: fc.array(
        fc.record({
          url: fc.constantFrom('https://example.org/a', 'https://example.org/b'),
          title: wireText(8),
          page_age: fc.option(fc.constant('April 30, 2025')),
        }),
        { maxLength: 2 },
      ),
    }),
  ),
);

export const anthropicAnswer: fc.Arbitrary<AnthropicAnswer> = fc
  .record({
    id: fc.stringMatching(/^msg_[A-Za-z0-9]{4,24}$/),
    model: fc.constantFrom('claude-sonnet-4-5-20250929', 'claude-opus-4-1', 'claude-haiku-4-5'),
    blocks: fc.array(block, { maxLength: 5 }),
    stopReason: fc.constantFrom(...anthropicStopReasons),
    stopSequence: fc.constantFrom('\n\nHuman:', 'END'),
    startUsage: fc.record({
      input_tokens: fc.nat(100_000),
      output_tokens: fc.nat(5),
      cache_creation_input_tokens: fc.option(fc.nat(50_000)),
      cache_read_input_tokens: fc.option(fc.nat(50_000)),
    }),
    deltaUsage: fc.dictionary(
      fc.constantFrom('input_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'),
      fc.option(fc.nat(100_000)),
      { maxKeys: 3 },
    ),
    outputTokens: fc.nat(64_000),
    pings: fc.array(fc.nat(), { maxLength: 3 }),
    wholeInMessageStart: fc.boolean(),
  })
  .map((answer) => ({
    ...answer,
    stopSequence: answer.stopReason === 'stop_sequence' ? answer.stopSequence : null,
  }));
