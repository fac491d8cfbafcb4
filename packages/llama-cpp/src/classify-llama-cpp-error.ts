import {
  type ClassifiedFailure,
  classifyResponseFailure,
  classifyTransportError,
  isAbortError,
  matchSignal,
  ProviderError,
  type ProviderSignals,
  readableMessage,
} from '@switchyard/core/failure';
import { providerClosed, queueFull } from './loaded-llama-model.js';
import { modelFileFailure } from './model-file-failure.js';

/**
 * node-llama-cpp's own signals, for core's ladder (`classifyResponseFailure`).
 * An in-process engine has no status: every signal is read like an error
 * inside a stream, so what no entry matches is `transient`.
 */
export const llamaCppSignals: ProviderSignals = {
  // "The context size is too small to generate a response", "no free sequence space", a full context.
  contextLength: matchSignal({
    pattern: /context size|context window|too long|context is full|no free sequence space/i,
  }),
};

/**
 * Classifies what node-llama-cpp (or this adapter) can throw into a
 * Switchyard failure. There is no HTTP here: the signals are error classes
 * and messages of an in-process engine. What is particular to llama.cpp is
 * read here; the rest goes through core's ladder with {@link llamaCppSignals}
 * (a context overflow; anything else from the engine is `transient`).
 * Messages go through `readableMessage` (secrets removed, bounded).
 *
 * | signal | failure |
 * |---|---|
 * | a bad model file (checked before load; see `checkGgufFile`) | `cutoff`, `model_not_found`, scope `target`, with the file's code |
 * | `NoBinaryFoundError` (no prebuilt binary fits this machine; nothing is built or downloaded) | `cutoff`, `model_not_found`, scope `target`, code `no_binary` |
 * | `InsufficientMemoryError` | `cutoff`, `model_not_found`, scope `target`, code `model_too_large` |
 * | every sequence busy and `maxQueued` calls waiting | `transient`, code `bulkhead_full` |
 * | a prompt longer than the context | `context_length` |
 * | `LlamaJsonSchemaValidationError` (output that does not match the schema) | `transient`, code `invalid_output` |
 * | `DisposedError` (the model was closed mid-call) | `transient`, code `disposed` |
 * | a call after `provider.close()` | `transient`, code `disposed` |
 * | an abort whose reason is a `TimeoutError` | `timeout` |
 * | any other abort (`AbortError`) | `transient`, code `aborted` |
 * | anything else from the engine | `transient`, code `engine_error` |
 *
 * @param error what was thrown (a `ProviderError` is returned as classified).
 * @returns the classified failure.
 * @example
 * ```ts
 * try { await chat.generateResponse(history) }
 * catch (error) { console.log(classifyLlamaCppError(error).kind) }
 * ```
 */
export function classifyLlamaCppError(error: unknown): ClassifiedFailure {
  if (ProviderError.isInstance(error)) return error.failure;
  if (error === queueFull)
    return {
      kind: 'transient',
      code: 'bulkhead_full',
      message: 'every sequence of the model is busy and its queue is full',
    };
  if (error === providerClosed)
    return {
      kind: 'transient',
      code: 'disposed',
      message:
        'the provider was closed (provider.close()); a closed provider loads no model again: create another',
    };
  if (!(error instanceof Error)) return engineFailure(readableMessage(String(error)));
  // An abort (TimeoutError or AbortError) is classified as every adapter classifies it.
  if (isAbortError(error)) return classifyTransportError(error);
  const message = readableMessage(error.message);
  switch (error.name === 'Error' ? error.constructor.name : error.name) {
    case 'NoBinaryFoundError':
      return {
        ...modelFileFailure('model_load_failed', message),
        code: 'no_binary',
        message: `no prebuilt llama.cpp binary fits this machine (nothing is built or downloaded): ${message}`,
      };
    case 'InsufficientMemoryError':
      return modelFileFailure('model_too_large', message);
    case 'LlamaJsonSchemaValidationError':
      return { kind: 'transient', code: 'invalid_output', message };
    case 'DisposedError':
      return { kind: 'transient', code: 'disposed', message: 'the model was closed during the call' };
  }
  return engineFailure(message);
}

/** Any other engine error, through core's ladder: `context_length` when it says so, else `transient` `engine_error`. */
function engineFailure(message: string): ClassifiedFailure {
  const failure = classifyResponseFailure({
    signal: { status: undefined, code: undefined, type: undefined, message },
    signals: llamaCppSignals,
  });
  return failure.kind === 'transient' ? { ...failure, code: 'engine_error' } : failure;
}
