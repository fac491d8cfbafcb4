/**
 * Writes the SSE lines of one OpenAI chat-completion stream. Every chunk is
 * `{...base, choices: [{ index: 0, delta, logprobs: null, finish_reason }], usage?}`: the JSON
 * around the delta is written once per stream, and a content or arguments chunk escapes only its
 * text. The bytes are those of `JSON.stringify` of the whole chunk, without an object per delta.
 *
 * @param base the fields every chunk starts with (`id`, `object`, `created`, `model`, ...).
 * @param includeUsage whether each chunk carries `"usage":null` (`stream_options.include_usage`).
 * @example
 * ```ts
 * const write = openaiChunkWriter({ id: 'chatcmpl-1' }, false);
 * write.content('Hi'); // 'data: {"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]}\n\n'
 * ```
 */
export function openaiChunkWriter(base: Record<string, unknown>, includeUsage: boolean) {
  const prefix = `data: ${JSON.stringify(base).slice(0, -1)},"choices":[{"index":0,"delta":`;
  const suffix = (finish: string | null) =>
    `,"logprobs":null,"finish_reason":${JSON.stringify(finish)}}]${includeUsage ? ',"usage":null' : ''}}\n\n`;
  const openSuffix = suffix(null);
  return {
    /** A chunk of any delta, with its finish reason (`null` until the last). */
    chunk: (delta: Record<string, unknown>, finish: string | null = null) =>
      `${prefix}${JSON.stringify(delta)}${finish === null ? openSuffix : suffix(finish)}`,
    /** A chunk of answer text. */
    content: (piece: string) => `${prefix}{"content":${JSON.stringify(piece)}}${openSuffix}`,
    /** A chunk of the arguments of the tool call at `index`. */
    toolArguments: (index: number, piece: string) =>
      `${prefix}{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(piece)}}}]}${openSuffix}`,
  };
}
