import type { LanguageModelV4CallOptions, SharedV4FileData } from '@ai-sdk/provider';

/** Tokens counted for each message (role markers and separators of chat templates) and once for the reply's start. */
export const messageOverheadTokens = 8;

/** Tokens counted for an image, or a file whose size is not known here (a URL or a provider reference). */
export const fileTokenEstimate = 3_000;

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');

const jsonBytes = (value: unknown): number => {
  if (value === undefined) return 0;
  if (typeof value === 'string') return byteLength(value) + 2;
  try {
    return byteLength(JSON.stringify(value) ?? '');
  } catch {
    return fileTokenEstimate; // a cycle or a BigInt: the provider will not read it either
  }
};

function fileTokens(data: SharedV4FileData, mediaType: string): number {
  if (data.type === 'text') return byteLength(data.text);
  if (mediaType.startsWith('image/') || data.type !== 'data') return fileTokenEstimate;
  const inline = data.data;
  return typeof inline === 'string' ? Math.ceil((inline.length * 3) / 4) : inline.byteLength;
}

/**
 * An upper bound of the input tokens a call's prompt can cost, for budget
 * reservations: every text (system, user, assistant, reasoning, tool calls
 * and results, tool definitions, the response schema) counts its UTF-8
 * bytes, since a token of a byte-level tokenizer (GPT, Llama 3, Qwen,
 * Mistral's Tekken) or a byte-fallback one (SentencePiece) covers at least
 * one byte; each message adds {@link messageOverheadTokens}. Files are
 * estimates, not bounds: an image or a file by URL counts
 * {@link fileTokenEstimate}, inline data its size in bytes. The caller caps
 * the result at the target's context window, which no prompt can exceed.
 * English text counts about 4 times its real tokens: the difference is
 * released when the attempt is reconciled.
 *
 * @param callOptions the call's prompt, tools and response format.
 * @returns the bound, in tokens.
 *
 * @example
 * ```ts
 * inputTokenBound({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }] }); // 5 + 8 + 8
 * ```
 */
export function inputTokenBound(
  callOptions: Pick<LanguageModelV4CallOptions, 'prompt' | 'tools' | 'responseFormat'>,
): number {
  let tokens = messageOverheadTokens;
  for (const message of callOptions.prompt) {
    tokens += messageOverheadTokens;
    if (typeof message.content === 'string') {
      tokens += byteLength(message.content);
      continue;
    }
    for (const part of message.content) {
      switch (part.type) {
        case 'text':
        case 'reasoning':
          tokens += byteLength(part.text);
          break;
        case 'file':
        case 'reasoning-file':
          tokens += fileTokens(part.data, part.mediaType);
          break;
        case 'tool-call':
          tokens += byteLength(part.toolName) + jsonBytes(part.input);
          break;
        case 'tool-result':
          tokens += byteLength(part.toolName) + toolOutputTokens(part.output);
          break;
        case 'tool-approval-response':
          tokens += messageOverheadTokens + (part.reason === undefined ? 0 : byteLength(part.reason));
          break;
        default:
          tokens += messageOverheadTokens;
      }
    }
  }
  if (callOptions.tools !== undefined && callOptions.tools.length > 0) tokens += jsonBytes(callOptions.tools);
  if (callOptions.responseFormat?.type === 'json') tokens += jsonBytes(callOptions.responseFormat.schema);
  return tokens;
}

type ToolOutput = Extract<
  LanguageModelV4CallOptions['prompt'][number]['content'][number],
  { type: 'tool-result' }
>['output'];

function toolOutputTokens(output: ToolOutput): number {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return byteLength(output.value);
    case 'json':
    case 'error-json':
      return jsonBytes(output.value);
    case 'execution-denied':
      return output.reason === undefined ? 0 : byteLength(output.reason);
    case 'content': {
      let tokens = 0;
      for (const item of output.value) {
        if (item.type === 'text') tokens += byteLength(item.text);
        else if (item.type === 'file') tokens += fileTokens(item.data, item.mediaType);
        else tokens += messageOverheadTokens;
      }
      return tokens;
    }
    default:
      return jsonBytes(output);
  }
}
