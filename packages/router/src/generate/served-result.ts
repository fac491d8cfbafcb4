import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { SwitchyardMetadata } from '../record/switchyard-metadata.js';

/**
 * The serving model's result as the caller gets it: `providerMetadata.switchyard`
 * added, and the target's model id when the model gave none. Spreads only
 * what is there (spreading `undefined` or `null` is a slow path); every
 * other field of the result is the model's, as it gave it.
 *
 * @param modelId the target's model id, for a result without one.
 * @param switchyard the request's `providerMetadata.switchyard`.
 */
export function servedResult(
  result: LanguageModelV4GenerateResult,
  modelId: string,
  switchyard: SwitchyardMetadata,
): LanguageModelV4GenerateResult {
  const response = result.response;
  const providerMetadata = result.providerMetadata;
  return {
    ...result,
    response:
      response === undefined || response === null
        ? { modelId }
        : response.modelId === undefined || response.modelId === null
          ? { ...response, modelId }
          : { ...response },
    providerMetadata:
      providerMetadata === undefined || providerMetadata === null
        ? { switchyard }
        : { ...providerMetadata, switchyard },
  };
}
