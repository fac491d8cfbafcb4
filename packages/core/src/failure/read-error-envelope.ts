/** The fields of a provider's JSON error body, wherever its envelope keeps them. */
export interface ErrorEnvelope {
  /** `error.type` (OpenAI, Anthropic). */
  readonly type: string | undefined;
  /** `error.code` when it is a string (OpenAI); Gemini's numeric code is not kept. */
  readonly code: string | undefined;
  /** `error.message`, or `error` itself when it is a string (Ollama). */
  readonly message: string | undefined;
  /** `error.status` (Gemini's `FAILED_PRECONDITION`, ...). */
  readonly status: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/**
 * Reads a provider's error body in any of the envelopes the SDKs hand over:
 * OpenAI's `{"error":{"message","type","code","param"}}` (or the inner object,
 * as `openai`'s `APIError.error` holds it), Anthropic's
 * `{"type":"error","error":{"type","message"}}`, Ollama's `{"error":"..."}`,
 * Gemini's `{"error":{"code":400,"message","status"}}`, or the body as text.
 *
 * @param body the parsed body (or its text, parsed here when it is JSON).
 * @returns the envelope's fields; absent ones are undefined.
 * @example
 * ```ts
 * readErrorEnvelope({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
 * // { type: 'overloaded_error', code: undefined, message: 'Overloaded', status: undefined }
 * ```
 */
export function readErrorEnvelope(body: unknown): ErrorEnvelope {
  let data = body;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data);
    } catch {
      return { type: undefined, code: undefined, message: text(body), status: undefined };
    }
  }
  const outer = record(data);
  const inner = record(outer?.error) ?? outer;
  return {
    type: text(inner?.type),
    code: text(inner?.code),
    message: text(inner?.message) ?? text(outer?.error) ?? text(outer?.message),
    status: text(inner?.status),
  };
}
