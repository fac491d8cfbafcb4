import { APICallError } from '@ai-sdk/provider';
import { ProviderError, SwitchyardError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { classifyError } from './classify-error.js';

describe('classifyError', () => {
  describe('errors that carry or imply a classification', () => {
    it('returns the failure a ProviderError carries', () => {
      const failure = { kind: 'cutoff', cutoffReason: 'region_blocked', message: 'blocked' } as const;
      expect(classifyError(new ProviderError({ provider: 'openai', model: 'gpt', failure }))).toBe(failure);
    });

    it('classifies an APICallError by its status', () => {
      const error = new APICallError({
        message: 'Too Many Requests',
        url: 'http://127.0.0.1/v1',
        requestBodyValues: {},
        statusCode: 429,
        responseHeaders: { 'retry-after': '2' },
      });
      expect(classifyError(error)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    });

    it('classifies an APICallError content-policy refusal as content_filtered', () => {
      const error = new APICallError({
        message: 'Bad Request',
        url: 'http://127.0.0.1/v1',
        requestBodyValues: {},
        statusCode: 400,
        responseBody: JSON.stringify({
          error: { message: 'rejected by the safety system', code: 'content_policy_violation' },
        }),
      });
      expect(classifyError(error)).toMatchObject({
        kind: 'content_filtered',
        code: 'content_policy_violation',
      });
    });

    it("classifies Anthropic's output filter through @ai-sdk/anthropic as content_filtered", () => {
      const error = new APICallError({
        message: 'Output blocked by content filtering policy',
        url: 'http://127.0.0.1/v1/messages',
        requestBodyValues: {},
        statusCode: 400,
        responseBody: JSON.stringify({
          type: 'error',
          error: { type: 'invalid_request_error', message: 'Output blocked by content filtering policy' },
        }),
      });
      expect(classifyError(error)).toMatchObject({ kind: 'content_filtered', status: 400 });
    });

    it('treats TimeoutError aborts as timeouts', () => {
      expect(classifyError(new DOMException('the stream did not end within 10 ms', 'TimeoutError'))).toEqual({
        kind: 'timeout',
        message: 'the stream did not end within 10 ms',
      });
    });
  });

  describe('anything else', () => {
    it('is transient, keeping a Switchyard code and the message', () => {
      expect(
        classifyError(new SwitchyardError({ code: 'SWITCHYARD_STREAM_TRUNCATED', message: 'cut' })),
      ).toEqual({
        kind: 'transient',
        code: 'SWITCHYARD_STREAM_TRUNCATED',
        message: 'cut',
      });
      expect(classifyError(new DOMException('aborted', 'AbortError')).kind).toBe('transient');
      expect(classifyError('socket hang up')).toEqual({ kind: 'transient', message: 'socket hang up' });
    });
  });
});
