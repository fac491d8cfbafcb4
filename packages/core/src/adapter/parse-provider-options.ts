import type { z } from 'zod';
import { describeSchemaIssues } from '../validation/describe-schema-issue.js';
import { problemText } from '../validation/problem.js';
import { callFailure, type ProviderCall } from './provider-call.js';

/**
 * Body fields no adapter lets `providerOptions` set: the model comes from
 * the model object, the prompt from the call, streaming from `doGenerate` /
 * `doStream`. Each with what to do instead.
 */
export const reservedProviderOptions: Readonly<Record<string, string>> = {
  model: 'the model id comes from the model you call (e.g. openai("gpt-5.4"))',
  messages: 'the messages come from the prompt of the call',
  prompt: 'the prompt comes from the prompt of the call',
  system: 'the system prompt comes from the system messages of the call',
  stream: 'streaming is chosen by the call (generateText or streamText)',
};

/**
 * Validates `providerOptions[key]` of a call against the adapter's schema (a
 * strict zod object of the provider's own request-body fields) before any
 * request is sent, and returns the parsed options (`undefined` when none were
 * given). Anything the schema does not take is a `ProviderError` of kind
 * `invalid_request`, code `invalid_provider_options`, naming the option, what
 * was expected and the closest valid name: an unknown key
 * (`providerOptions.openai.servce_tier: unknown key; did you mean
 * "service_tier"?`), a value of the wrong type, and any of
 * {@link reservedProviderOptions} (`model`, `messages`, `prompt`, `system`,
 * `stream`), which would otherwise silently replace what the call says.
 *
 * @param options.call the call, for the error.
 * @param options.key the provider's key in `providerOptions` (`openai`).
 * @param options.schema the adapter's provider options schema.
 * @param options.providerOptions the call's `providerOptions`.
 * @param options.reserved more fields the adapter owns, each with what to do instead.
 * @returns the parsed options, or `undefined`.
 * @throws ProviderError (`invalid_request`, `invalid_provider_options`).
 * @example
 * ```ts
 * const extra = parseProviderOptions({ call, key: 'openai', schema: openAIProviderOptionsSchema, providerOptions });
 * ```
 */
export function parseProviderOptions<Schema extends z.ZodType>(options: {
  call: ProviderCall;
  key: string;
  schema: Schema;
  providerOptions: Readonly<Record<string, unknown>> | undefined;
  reserved?: Readonly<Record<string, string>>;
}): z.output<Schema> | undefined {
  const { call, key, schema } = options;
  const given = options.providerOptions?.[key];
  if (given === undefined) return undefined;
  const where = `providerOptions.${key}`;
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    throw invalid(
      call,
      `${where} must be an object of ${call.provider} request options; got ${JSON.stringify(given)}`,
    );
  }
  for (const name of Object.keys(given)) {
    const reason = reservedProviderOptions[name] ?? options.reserved?.[name];
    if (reason !== undefined) throw invalid(call, `${where}.${name} cannot be set: ${reason}`);
  }
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) =>
    describeSchemaIssues({ issue, schema, value: given }),
  );
  const text = problems
    .map((problem) => `${[where, ...problem.path.map(String)].join('.')}: ${problemText(problem)}`)
    .join('; ');
  throw invalid(call, text);
}

function invalid(call: ProviderCall, message: string) {
  return callFailure(call, { kind: 'invalid_request', code: 'invalid_provider_options', message });
}
