/** A tool the caller offered. */
export interface OfferedTool {
  readonly name: string;
  readonly schema: unknown;
}

/** What the caller asked for, normalised across providers. */
export interface Conversation {
  readonly model: string;
  /** Ollama `/api/generate` (a prompt, answered in `response`) rather than a chat. */
  readonly generate?: boolean;
  readonly stream: boolean;
  /** OpenAI `stream_options.include_usage`: send a usage chunk before `[DONE]`. */
  readonly includeUsage: boolean;
  /** Text the answer is derived from: the last user message, or the last tool result. */
  readonly promptText: string;
  /** Role of the last message: a tool result is answered with text, never with another call. */
  readonly lastRole: 'user' | 'tool' | 'assistant' | 'none';
  /** Text of the last assistant message: when it ends the conversation (a prefill), the answer continues it. */
  readonly prefill: string;
  readonly inputTokens: number;
  readonly tools: readonly OfferedTool[];
  readonly toolChoice:
    | { readonly type: 'auto' }
    | { readonly type: 'none' }
    | { readonly type: 'required' }
    | { readonly type: 'tool'; readonly name: string };
  readonly output:
    | { readonly type: 'text' }
    | { readonly type: 'json' }
    | { readonly type: 'json_schema'; readonly schema: unknown };
  readonly maxTokens: number | undefined;
  readonly stop: readonly string[];
}

/**
 * What an answer's wire format needs of the conversation it answers: not the
 * prompt, which an answer streamed for a long time need not keep.
 */
export type AnswerContext = Pick<Conversation, 'model' | 'generate' | 'stream' | 'includeUsage'>;

/** The {@link AnswerContext} of a conversation (a new object: the conversation is not kept). */
export function answerContextOf(conversation: Conversation): AnswerContext {
  const { model, generate, stream, includeUsage } = conversation;
  return generate === undefined ? { model, stream, includeUsage } : { model, generate, stream, includeUsage };
}
