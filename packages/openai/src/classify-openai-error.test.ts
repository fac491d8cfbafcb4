import { ProviderError } from '@switchyard/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyOpenAIError } from './classify-openai-error.js';

function generate(status: number | undefined, body: unknown, headers: Record<string, string> = {}): APIError {
  return APIError.generate(
    status,
    body as object,
    undefined,
    status === undefined ? undefined : new Headers(headers),
  );
}

const region = {
  error: {
    code: 'unsupported_country_region_territory',
    message: 'Country, region, or territory not supported',
    param: null,
    type: 'request_forbidden',
  },
};
const badKey = {
  error: {
    message:
      'Incorrect API key provided: sk-VKMIs***...wjh3. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
};
const deactivated = {
  error: {
    message: 'The OpenAI account associated with this API key has been deactivated.',
    type: 'invalid_request_error',
    param: null,
    code: 'account_deactivated',
  },
};
const deprecated = {
  error: {
    message:
      'The model `gpt-3.5-turbo-1106` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations',
    type: 'invalid_request_error',
    param: null,
    code: 'model_not_found',
  },
};
const quota = {
  error: {
    message: 'You exceeded your current quota, please check your plan and billing details.',
    type: 'insufficient_quota',
    param: null,
    code: 'insufficient_quota',
  },
};
const rateLimit = {
  error: {
    message:
      'Rate limit reached for gpt-4-turbo-preview in organization org-xxx on tokens per min (TPM): Limit 300000, Used 286751, Requested 16144. Please try again in 579ms.',
    type: 'tokens',
    param: null,
    code: 'rate_limit_exceeded',
  },
};
const serverError = {
  error: {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  },
};
const contextLength = {
  error: {
    message:
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  },
};

describe('classifyOpenAIError', () => {
  describe('cutoff signals', () => {
    it('classifies the 403 region block as a jurisdiction-scoped cutoff', () => {
      expect(classifyOpenAIError(generate(403, region))).toEqual({
        kind: 'cutoff',
        cutoffReason: 'region_blocked',
        scope: 'jurisdiction',
        status: 403,
        code: 'unsupported_country_region_territory',
        message: 'Country, region, or territory not supported',
      });
    });
    it('classifies 401 invalid_api_key and account_deactivated as a revoked key, without the key in the message', () => {
      const failure = classifyOpenAIError(generate(401, badKey));
      expect(failure).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'key_revoked',
        scope: 'target',
        status: 401,
        code: 'invalid_api_key',
      });
      expect(failure.message).not.toContain('sk-VKMIs');
      expect(classifyOpenAIError(generate(401, deactivated))).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'key_revoked',
      });
    });
    it('classifies 404 model_not_found for an unknown model as model_not_found, not withdrawn', () => {
      const unknown = {
        error: {
          message: 'The model `gtp-4` does not exist or you do not have access to it.',
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
        },
      };
      expect(classifyOpenAIError(generate(404, unknown))).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'model_not_found',
        scope: 'target',
      });
    });
    it('classifies 404 model_not_found that says deprecated as a withdrawn model', () => {
      expect(classifyOpenAIError(generate(404, deprecated))).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'model_withdrawn',
        scope: 'target',
        code: 'model_not_found',
      });
    });
    it('classifies 429 insufficient_quota (and the newer spend-limit codes) as exhausted quota, not a rate limit', () => {
      expect(classifyOpenAIError(generate(429, quota))).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'quota_exhausted',
        scope: 'target',
      });
      const spend = { error: { ...quota.error, code: 'project_spend_limit_exceeded' } };
      expect(classifyOpenAIError(generate(429, spend))).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'quota_exhausted',
      });
    });
    it('classifies 451 as a legal block in the jurisdiction', () => {
      expect(
        classifyOpenAIError(
          generate(451, {
            error: { message: 'Unavailable For Legal Reasons', type: 'x', param: null, code: null },
          }),
        ),
      ).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'legal_block',
        scope: 'jurisdiction',
      });
    });
  });

  describe('a legal block naming who implements it', () => {
    it('says in the message the entity its Link rel="blocked-by" names (RFC 7725)', () => {
      const body = {
        error: { message: 'Unavailable For Legal Reasons', type: 'x', param: null, code: null },
      };
      expect(
        classifyOpenAIError(
          generate(451, body, {
            link: '<https://blocker.example/>; rel="blocked-by", <https://x.example/>; rel=help',
          }),
        ),
      ).toMatchObject({
        kind: 'cutoff',
        cutoffReason: 'legal_block',
        message: 'Unavailable For Legal Reasons (blocked by https://blocker.example/)',
      });
      expect(classifyOpenAIError(generate(451, body)).message).toBe('Unavailable For Legal Reasons');
    });
  });

  describe('rate limits and transient failures', () => {
    it('classifies a 429 rate limit with retry-after-ms before retry-after', () => {
      expect(
        classifyOpenAIError(generate(429, rateLimit, { 'retry-after-ms': '579', 'retry-after': '1' })),
      ).toMatchObject({
        kind: 'rate_limited',
        status: 429,
        code: 'rate_limit_exceeded',
        retryAfterMs: 579,
      });
      expect(classifyOpenAIError(generate(429, rateLimit, { 'retry-after': '2' })).retryAfterMs).toBe(2000);
      expect(classifyOpenAIError(generate(429, rateLimit)).retryAfterMs).toBeUndefined();
    });
    it('classifies 500, 503, 408 and 409 as transient', () => {
      for (const status of [500, 503, 408, 409]) {
        expect(classifyOpenAIError(generate(status, serverError)).kind).toBe('transient');
      }
    });
    it('classifies an error inside a 200 stream from its body alone', () => {
      const failure = classifyOpenAIError(
        new APIError(undefined, serverError.error, undefined, new Headers()),
      );
      expect(failure).toMatchObject({ kind: 'transient', code: 'server_error' });
      expect(failure.status).toBeUndefined();
      expect(
        classifyOpenAIError(new APIError(undefined, quota.error, undefined, new Headers())),
      ).toMatchObject({ kind: 'cutoff', cutoffReason: 'quota_exhausted' });
    });
    it('classifies connection errors, timeouts, aborts and broken streams', () => {
      expect(classifyOpenAIError(new APIConnectionError({ cause: new Error('ECONNRESET') }))).toMatchObject({
        kind: 'transient',
        code: 'connection_error',
      });
      expect(classifyOpenAIError(new APIConnectionTimeoutError())).toMatchObject({ kind: 'timeout' });
      expect(classifyOpenAIError(new APIUserAbortError())).toMatchObject({
        kind: 'transient',
        code: 'aborted',
      });
      expect(classifyOpenAIError(new TypeError('terminated'))).toMatchObject({
        kind: 'transient',
        code: 'connection_closed',
        message: 'the connection closed mid-answer (terminated)',
      });
      expect(
        classifyOpenAIError(new SyntaxError('Error reading response: malformed server-sent event JSON.')),
      ).toMatchObject({
        kind: 'transient',
        code: 'malformed_response',
      });
    });
  });

  describe('request problems', () => {
    it('classifies context_length_exceeded as context_length', () => {
      expect(classifyOpenAIError(generate(400, contextLength))).toMatchObject({
        kind: 'context_length',
        code: 'context_length_exceeded',
      });
    });
    it('classifies content_policy_violation and invalid_prompt as content_filtered, not invalid_request', () => {
      const policy = {
        error: {
          message: 'Your request was rejected as a result of our safety system.',
          type: 'invalid_request_error',
          param: null,
          code: 'content_policy_violation',
        },
      };
      expect(classifyOpenAIError(generate(400, policy))).toMatchObject({
        kind: 'content_filtered',
        code: 'content_policy_violation',
      });
      const flagged = {
        error: {
          message: 'Invalid prompt: your prompt was flagged as potentially violating our usage policy.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_prompt',
        },
      };
      expect(classifyOpenAIError(generate(400, flagged)).kind).toBe('content_filtered');
    });
    it('classifies an Azure-style content_filter 400 as content_filtered', () => {
      const body = {
        error: {
          message: 'The response was filtered',
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
        },
      };
      expect(classifyOpenAIError(generate(400, body))).toMatchObject({ kind: 'content_filtered' });
    });
    it('classifies a missing key 401 as auth and a bad parameter as invalid_request', () => {
      const missing = {
        error: {
          message: "You didn't provide an API key.",
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      };
      expect(classifyOpenAIError(generate(401, missing))).toMatchObject({ kind: 'auth', status: 401 });
      const bad = {
        error: {
          message: "Unsupported parameter: 'foo'",
          type: 'invalid_request_error',
          param: 'foo',
          code: 'unsupported_parameter',
        },
      };
      expect(classifyOpenAIError(generate(400, bad))).toMatchObject({
        kind: 'invalid_request',
        code: 'unsupported_parameter',
      });
    });
    it('returns the failure of a ProviderError unchanged', () => {
      const failure = { kind: 'timeout', message: 'x' } as const;
      expect(classifyOpenAIError(new ProviderError({ provider: 'openai', model: 'm', failure }))).toBe(
        failure,
      );
    });
  });
});
