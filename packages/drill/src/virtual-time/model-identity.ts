import type { LanguageModelV4 } from '@ai-sdk/provider';

/**
 * What a model wrapper passes on unchanged from the model it wraps: its
 * specification version, provider, model id and supported URLs (a wrapper
 * spreads it, then adds its own `doGenerate` and `doStream`).
 *
 * @param model the wrapped model.
 * @returns the model's identity fields.
 * @example
 * ```ts
 * const wrapped: LanguageModelV4 = { ...modelIdentity(model), doGenerate, doStream };
 * ```
 */
export function modelIdentity(
  model: LanguageModelV4,
): Pick<LanguageModelV4, 'specificationVersion' | 'provider' | 'modelId' | 'supportedUrls'> {
  return {
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
  };
}
