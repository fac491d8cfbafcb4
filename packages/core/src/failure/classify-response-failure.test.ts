import { describe, expect, it } from 'vitest';
import { classifyResponseFailure } from './classify-response-failure.js';
import { type FailureSignal, matchSignal } from './provider-signals.js';

const signal = (status: number | undefined, message = 'm', extra: Partial<FailureSignal> = {}) => ({
  status,
  code: undefined,
  type: undefined,
  message,
  ...extra,
});

describe('classifyResponseFailure', () => {
  describe('the shared ladder (no provider signals)', () => {
    it.each([
      [451, { kind: 'cutoff', cutoffReason: 'legal_block', scope: 'jurisdiction' }],
      [402, { kind: 'cutoff', cutoffReason: 'billing', scope: 'target' }],
      [401, { kind: 'cutoff', cutoffReason: 'key_revoked', scope: 'target' }],
      [404, { kind: 'cutoff', cutoffReason: 'model_not_found', scope: 'target' }],
      [403, { kind: 'auth' }],
      [429, { kind: 'rate_limited' }],
      [408, { kind: 'transient' }],
      [409, { kind: 'transient' }],
      [500, { kind: 'transient' }],
      [529, { kind: 'transient' }],
      [undefined, { kind: 'transient' }],
      [400, { kind: 'invalid_request' }],
      [422, { kind: 'invalid_request' }],
    ] as const)('maps status %s', (status, expected) => {
      expect(classifyResponseFailure({ signal: signal(status), signals: {} })).toMatchObject(expected);
    });

    it('tells a withdrawn model from one that was never there', () => {
      const deprecated = signal(404, 'The model `gpt-3.5-turbo-1106` has been deprecated, learn more here');
      expect(classifyResponseFailure({ signal: deprecated, signals: {} }).cutoffReason).toBe(
        'model_withdrawn',
      );
      const typo = signal(404, 'The model `gtp-4` does not exist or you do not have access to it.');
      expect(classifyResponseFailure({ signal: typo, signals: {} }).cutoffReason).toBe('model_not_found');
    });

    it('keeps status, code (else type), message and retry-after', () => {
      expect(
        classifyResponseFailure({
          signal: signal(429, 'slow down', { type: 'requests' }),
          signals: {},
          retryAfterMs: 1500,
        }),
      ).toEqual({
        kind: 'rate_limited',
        status: 429,
        code: 'requests',
        message: 'slow down',
        retryAfterMs: 1500,
      });
    });
  });

  describe('provider signals', () => {
    const signals = {
      contextLength: matchSignal({ codes: ['context_length_exceeded'] }),
      contentFiltered: matchSignal({ codes: ['content_policy_violation'] }),
      regionBlocked: matchSignal({ pattern: /region/i }),
      quotaExhausted: matchSignal({ codes: ['insufficient_quota'] }),
      keyRevoked: matchSignal({ codes: ['invalid_api_key'] }),
      modelMissing: matchSignal({ pattern: /model/i }),
      rateLimited: matchSignal({ codes: ['rate_limit_error'] }),
      transient: matchSignal({ statuses: [499] }),
    };

    it('checks context length and content filter before any status', () => {
      const long = signal(400, 'too long', { code: 'context_length_exceeded' });
      expect(classifyResponseFailure({ signal: long, signals }).kind).toBe('context_length');
      const filtered = signal(400, 'rejected by our safety system', { code: 'content_policy_violation' });
      expect(classifyResponseFailure({ signal: filtered, signals }).kind).toBe('content_filtered');
    });

    it('classifies region blocks per jurisdiction and quota per target', () => {
      expect(classifyResponseFailure({ signal: signal(403, 'region not supported'), signals })).toMatchObject(
        {
          cutoffReason: 'region_blocked',
          scope: 'jurisdiction',
        },
      );
      expect(
        classifyResponseFailure({ signal: signal(429, 'q', { code: 'insufficient_quota' }), signals }),
      ).toMatchObject({ cutoffReason: 'quota_exhausted', scope: 'target' });
    });

    it('asks the provider whether a 401 is a revoked key and a 404 a missing model', () => {
      expect(classifyResponseFailure({ signal: signal(401, 'no key given'), signals }).kind).toBe('auth');
      expect(classifyResponseFailure({ signal: signal(404, 'no such route'), signals }).kind).toBe(
        'invalid_request',
      );
    });

    it('adds provider rate limits and transient statuses to the ladder', () => {
      expect(
        classifyResponseFailure({ signal: signal(undefined, 'x', { type: 'rate_limit_error' }), signals })
          .kind,
      ).toBe('rate_limited');
      expect(classifyResponseFailure({ signal: signal(499, 'client closed'), signals }).kind).toBe(
        'transient',
      );
    });
  });
});
