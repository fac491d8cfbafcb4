import type { LanguageModelV4CallOptions, SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { PreparedTarget } from './prepared-target.js';

/**
 * The call options one target gets: the caller's, with only the
 * `providerOptions` of that target's provider (never `switchyard`'s, never
 * another provider's), and the abort signal of the attempt, created only when
 * the model reads it.
 *
 * @param options.signal returns the attempt's signal (called at most once, when the model reads `abortSignal`).
 */
export function targetCallOptions(
  entry: PreparedTarget,
  callOptions: LanguageModelV4CallOptions,
  signal: () => AbortSignal,
): LanguageModelV4CallOptions {
  const given = callOptions.providerOptions;
  let providerOptions: SharedV4ProviderOptions | undefined;
  if (given) {
    for (const key of entry.providerKeys) {
      const value = given[key];
      if (value === undefined) continue;
      providerOptions ??= {};
      providerOptions[key] = value;
    }
  }
  return {
    ...callOptions,
    providerOptions,
    get abortSignal() {
      return signal();
    },
  };
}
