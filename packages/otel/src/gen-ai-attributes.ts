/**
 * The OpenTelemetry GenAI semantic convention attribute names this package
 * writes (semantic conventions for generative AI, client spans and metrics).
 * Both `gen_ai.provider.name` and its predecessor `gen_ai.system` are written,
 * so backends on either version of the conventions find the provider.
 */
export const genAiAttributes = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  /** Deprecated by the conventions in favour of `gen_ai.provider.name`; still written for older backends. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  usageCacheReadInputTokens: 'gen_ai.usage.cache_read.input_tokens',
  usageReasoningOutputTokens: 'gen_ai.usage.reasoning.output_tokens',
  tokenType: 'gen_ai.token.type',
  /** Opt-in only (`recordContent: true`): the prompt, when the router recorded it. */
  inputMessages: 'gen_ai.input.messages',
  errorType: 'error.type',
  httpResponseStatusCode: 'http.response.status_code',
} as const;
