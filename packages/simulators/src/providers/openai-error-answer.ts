import type { ErrorAnswer, ErrorSituation } from './provider-protocol.js';

/** OpenAI's error envelope: `{ error: { message, type, param, code } }`. */
export function openaiEnvelope(
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
) {
  return { error: { message, type, param, code } };
}

/** An API key as OpenAI's errors show it: its first 3 and last 4 characters. */
function maskKey(apiKey: string | undefined): string {
  if (apiKey === undefined || apiKey.length < 8) return '***';
  return `${apiKey.slice(0, 3)}***${apiKey.slice(-4)}`;
}

/** OpenAI's messages for server errors, by status. */
export const openaiServerErrorMessages: Record<number, string> = {
  500: 'The server had an error while processing your request. Sorry about that!',
  502: 'Bad gateway.',
  503: 'The engine is currently overloaded, please try again later.',
  529: 'The engine is currently overloaded, please try again later.',
};

/**
 * The answer the OpenAI API gives in an error situation: its status, body
 * and headers, as its documentation and recorded traffic show them.
 *
 * @param situation what went wrong.
 * @returns the status, the JSON body and any headers.
 * @example
 * ```ts
 * openaiErrorAnswer({ type: 'region_block' }).status; // 403
 * ```
 */
export function openaiErrorAnswer(situation: ErrorSituation): ErrorAnswer {
  switch (situation.type) {
    case 'region_block':
      return {
        status: 403,
        body: {
          error: {
            code: 'unsupported_country_region_territory',
            message: 'Country, region, or territory not supported',
            param: null,
            type: 'request_forbidden',
          },
        },
      };
    case 'legal_block':
      // No provider is known to send 451 (RFC 7725): Switchyard's own body, in OpenAI's envelope.
      return {
        status: 451,
        body: openaiEnvelope(
          'Unavailable For Legal Reasons: this model may not be served to callers in your jurisdiction.',
          'request_forbidden',
          'unavailable_for_legal_reasons',
        ),
      };
    case 'model_withdrawn':
      return {
        status: 404,
        body: openaiEnvelope(
          `The model \`${situation.model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
          'invalid_request_error',
          'model_not_found',
        ),
      };
    case 'model_unknown':
      return {
        status: 404,
        body: openaiEnvelope(
          `The model \`${situation.model}\` does not exist or you do not have access to it.`,
          'invalid_request_error',
          'model_not_found',
        ),
      };
    case 'key_revoked':
      return {
        status: 401,
        body: openaiEnvelope(
          `Incorrect API key provided: ${maskKey(situation.apiKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          'invalid_request_error',
          'invalid_api_key',
        ),
      };
    case 'key_missing':
      return {
        status: 401,
        body: openaiEnvelope(
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). You can obtain an API key from https://platform.openai.com/account/api-keys.",
          'invalid_request_error',
          null,
        ),
      };
    case 'quota_exhausted':
      return {
        status: 429,
        body: openaiEnvelope(
          'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
          'insufficient_quota',
          'insufficient_quota',
        ),
      };
    case 'rate_limited': {
      const wait = situation.retryAfterSeconds;
      const headers: Record<string, string> = {
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${wait ?? 1}s`,
      };
      if (wait !== undefined) headers['retry-after'] = String(wait);
      return {
        status: 429,
        headers,
        body: openaiEnvelope(
          `Rate limit reached for ${situation.model} in organization org-switchyardsim on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${wait ?? 1}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
          'requests',
          'rate_limit_exceeded',
        ),
      };
    }
    case 'server_error':
    case 'mid_stream_error': {
      const status = situation.type === 'server_error' ? situation.status : 500;
      return {
        status,
        body: openaiEnvelope(
          openaiServerErrorMessages[status] ?? openaiServerErrorMessages[500]!,
          'server_error',
          null,
        ),
      };
    }
    case 'context_length':
      return {
        status: 400,
        body: openaiEnvelope(
          `This model's maximum context length is ${situation.contextWindow} tokens. However, your messages resulted in ${situation.inputTokens} tokens. Please reduce the length of the messages.`,
          'invalid_request_error',
          'context_length_exceeded',
          'messages',
        ),
      };
    case 'bad_request':
      return {
        status: 400,
        body: openaiEnvelope(situation.message, 'invalid_request_error', null, situation.param ?? null),
      };
    case 'route_not_found':
      return {
        status: 404,
        body: openaiEnvelope(
          `Invalid URL (${situation.method} ${situation.path})`,
          'invalid_request_error',
          null,
        ),
      };
  }
}
