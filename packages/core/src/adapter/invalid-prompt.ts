import { ProviderError } from '../errors/provider-error.js';

/**
 * A prompt a provider cannot take, as a `ProviderError` of kind
 * `invalid_request`: adapters throw it before any network call, and the
 * router fails fast on it (it would fail on every target alike).
 *
 * @param options.provider the adapter's provider name, e.g. `openai`.
 * @param options.model the model id the prompt was meant for.
 * @param options.message what the provider cannot take and what to change.
 */
export function invalidPrompt(options: { provider: string; model: string; message: string }): ProviderError {
  return new ProviderError({
    provider: options.provider,
    model: options.model,
    failure: { kind: 'invalid_request', code: 'unsupported_prompt', message: options.message },
  });
}
