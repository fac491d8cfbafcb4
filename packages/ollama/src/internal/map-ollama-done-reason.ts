import type { LanguageModelV4FinishReason } from '@ai-sdk/provider';
import type { ClassifiedFailure } from '@switchyard/core';

/**
 * Unified AI SDK finish reason of an Ollama `done_reason`. Ollama says `stop`
 * after a tool call too, so a tool call turns `stop` into `tool-calls`.
 *
 * @param raw the `done_reason` (`stop`, `length`, `load`, `unload`), when sent.
 * @param hasToolCalls whether the answer called a tool.
 * @returns the finish reason, with the raw value.
 * @example
 * ```ts
 * mapOllamaDoneReason('length', false); // { unified: 'length', raw: 'length' }
 * ```
 */
export function mapOllamaDoneReason(
  raw: string | null | undefined,
  hasToolCalls: boolean,
): LanguageModelV4FinishReason {
  if (hasToolCalls && (raw === 'stop' || raw == null || raw === ''))
    return { unified: 'tool-calls', raw: raw ?? undefined };
  if (raw === 'stop') return { unified: 'stop', raw };
  if (raw === 'length') return { unified: 'length', raw };
  return { unified: 'other', raw: raw || undefined };
}

/**
 * Whether a `done_reason` ends a generation, so that the answer may be empty:
 * `stop`, `length`, or none (servers before `done_reason` existed send none).
 * Ollama's `load` (the model loaded, nothing run: its answer to a request
 * without messages), `unload` (`keep_alive: 0` without messages) and any
 * reason a later server invents do not: with nothing answered, such a done
 * part is {@link noAnswerFailure}, not an empty answer.
 *
 * @param raw the `done_reason`, when sent.
 * @returns whether the model generated.
 */
export function endsGeneration(raw: string | null | undefined): boolean {
  return raw === 'stop' || raw === 'length' || raw == null || raw === '';
}

/**
 * The failure of a done part with nothing answered and a `done_reason` that
 * does not end a generation ({@link endsGeneration}): `transient` (the router
 * retries, then falls back), with a code naming it: `model_load_only`
 * (`load`), `model_unload_only` (`unload`), else `no_answer`; the message
 * names the `done_reason` as sent (the `ollama` client exposes it as is).
 *
 * @param raw the `done_reason`.
 * @returns the failure.
 */
export function noAnswerFailure(raw: string): ClassifiedFailure {
  const reason = JSON.stringify(raw);
  const code = raw === 'load' ? 'model_load_only' : raw === 'unload' ? 'model_unload_only' : 'no_answer';
  const what =
    raw === 'load'
      ? 'only loaded the model'
      : raw === 'unload'
        ? 'only unloaded the model'
        : 'ended without generating';
  return {
    kind: 'transient',
    code,
    message: `Ollama ${what} (done_reason ${reason}) and sent nothing: not an answer to a request with messages`,
  };
}
