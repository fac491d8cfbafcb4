import { ProviderError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { classifyOllamaError } from './classify-ollama-error.js';

/** What the `ollama` client throws for an HTTP error (its ResponseError is not exported). */
function responseError(status: number, message: string): Error {
  return Object.assign(new Error(message), { name: 'ResponseError', error: message, status_code: status });
}

describe('classifyOllamaError', () => {
  describe('HTTP errors (ResponseError)', () => {
    it.each([
      [404, "model 'llama9' not found", { kind: 'cutoff', cutoffReason: 'model_not_found', scope: 'target' }],
      [
        404,
        'model "llama9" not found, try pulling it first',
        { kind: 'cutoff', cutoffReason: 'model_not_found', scope: 'target' },
      ],
      [
        403,
        'this model is not available in your region',
        { kind: 'cutoff', cutoffReason: 'region_blocked', scope: 'jurisdiction' },
      ],
      [403, 'remote model access is disabled', { kind: 'auth' }],
      [
        451,
        'Unavailable For Legal Reasons',
        { kind: 'cutoff', cutoffReason: 'legal_block', scope: 'jurisdiction' },
      ],
      [401, 'unauthorized', { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target' }],
      [402, 'payment required', { kind: 'cutoff', cutoffReason: 'billing', scope: 'target' }],
      [
        429,
        'you have reached your usage limit, please upgrade to continue',
        { kind: 'cutoff', cutoffReason: 'quota_exhausted', scope: 'target' },
      ],
      [429, 'too many requests, please try again later', { kind: 'rate_limited' }],
      [400, 'the input length exceeds the context length', { kind: 'context_length' }],
      [400, 'model is required', { kind: 'invalid_request' }],
      [408, 'request timeout', { kind: 'transient' }],
      [499, 'request canceled', { kind: 'transient' }],
      [500, 'an error was encountered while running the model', { kind: 'transient' }],
      [502, 'bad gateway', { kind: 'transient' }],
      [503, 'server busy, please try again. maximum pending requests exceeded', { kind: 'transient' }],
    ])('classifies %i %s', (status, message, expected) => {
      expect(classifyOllamaError(responseError(status, message))).toEqual({ ...expected, status, message });
    });

    it('reads retry-after from the headers it is given', () => {
      const failure = classifyOllamaError(responseError(429, 'too many requests'), {
        headers: new Headers({ 'retry-after': '3' }),
      });
      expect(failure).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000 });
    });

    it('removes keys from the message', () => {
      const failure = classifyOllamaError(responseError(401, 'bad key sk-abcdef123456'));
      expect(failure.message).toBe('bad key [redacted key]');
    });
  });

  describe('errors without a status', () => {
    it('classifies an {"error"} line of a 200 stream as transient, or context_length when it says so', () => {
      expect(classifyOllamaError(new Error('an error was encountered while running the model'))).toEqual({
        kind: 'transient',
        code: 'stream_error',
        message: 'an error was encountered while running the model',
      });
      expect(classifyOllamaError(new Error('input too long for the context window'))).toMatchObject({
        kind: 'context_length',
      });
    });

    it('classifies a stream without done as stream_truncated', () => {
      expect(
        classifyOllamaError(new Error('Did not receive done or success response in stream.')),
      ).toMatchObject({ kind: 'transient', code: 'stream_truncated' });
    });

    it('classifies connection failures with their cause code', () => {
      const refused = new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
      });
      expect(classifyOllamaError(refused)).toEqual({
        kind: 'transient',
        code: 'connection_error',
        message: 'fetch failed: ECONNREFUSED connect ECONNREFUSED 127.0.0.1:1',
      });
      expect(classifyOllamaError(new TypeError('terminated'))).toMatchObject({
        kind: 'transient',
        code: 'connection_closed',
      });
    });

    it('classifies JSON that does not parse as malformed_response', () => {
      expect(classifyOllamaError(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({
        kind: 'transient',
        code: 'malformed_response',
      });
    });

    it('classifies an abort by its reason: TimeoutError is a timeout, AbortError transient', () => {
      expect(classifyOllamaError(new DOMException('timed out', 'TimeoutError')).kind).toBe('timeout');
      expect(classifyOllamaError(new DOMException('aborted', 'AbortError'))).toMatchObject({
        kind: 'transient',
        code: 'aborted',
      });
    });

    it('returns the failure of a ProviderError, and treats a non-error as a connection error', () => {
      const failure = { kind: 'auth', message: 'no' } as const;
      expect(classifyOllamaError(new ProviderError({ provider: 'ollama', model: 'm', failure }))).toBe(
        failure,
      );
      expect(classifyOllamaError('boom')).toEqual({
        kind: 'transient',
        code: 'connection_error',
        message: 'boom',
      });
    });
  });
});
