import { describeSchemaIssues, ProviderError, problemText } from '@switchyard/core';
import type { z } from 'zod';

/** A strict-valued, open-keyed schema of `providerOptions.anthropic` on a prompt element. */
type PromptOptionsSchema = z.ZodObject<z.ZodRawShape>;

/**
 * Validates the keys the adapter sends of `providerOptions.anthropic` on a
 * message, a part or a tool (a cache breakpoint, a document's citations,
 * title and context), before any request is sent. Keys the schema does not
 * name are returned as they are (see `warnUnsentOptions`).
 *
 * @param options.anthropic `providerOptions.anthropic` of the element.
 * @param options.schema the options the element's block takes.
 * @param options.modelId the model id, for the error.
 * @param options.location where the options are, for the error (`prompt[2].content[0]`, `tools[1] (search)`).
 * @returns the options, validated.
 * @throws ProviderError (`invalid_request`, `invalid_provider_options`) naming the option, what was
 *   expected and the closest valid value: `prompt[0].providerOptions.anthropic.cacheControl.ttl: invalid value "2h"; expected one of "5m", "1h"`.
 */
export function readPromptOptions<Schema extends PromptOptionsSchema>(options: {
  anthropic: unknown;
  schema: Schema;
  modelId: string;
  location: string;
}): z.output<Schema> {
  const { anthropic, schema, modelId } = options;
  const where = `${options.location}.providerOptions.anthropic`;
  if (anthropic === null || typeof anthropic !== 'object' || Array.isArray(anthropic))
    throw invalid(
      modelId,
      `${where} must be an object of Anthropic options; got ${JSON.stringify(anthropic)}`,
    );
  const result = schema.safeParse(anthropic);
  if (result.success) return result.data;
  const text = result.error.issues
    .flatMap((issue) => describeSchemaIssues({ issue, schema, value: anthropic }))
    .map((problem) => `${[where, ...problem.path.map(String)].join('.')}: ${problemText(problem)}`)
    .join('; ');
  throw invalid(modelId, text);
}

function invalid(model: string, message: string): ProviderError {
  return new ProviderError({
    provider: 'anthropic',
    model,
    failure: { kind: 'invalid_request', code: 'invalid_provider_options', message },
  });
}
