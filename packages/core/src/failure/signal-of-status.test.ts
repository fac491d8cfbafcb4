import { describe, expect, it } from 'vitest';
import { cutoffReasons, failureKinds } from './failure-kind.js';
import { signalOfStatus } from './signal-of-status.js';

const drillSignals = ['region_block', 'legal_block', 'model_withdrawn', 'key_revoked', 'quota_exhausted'];

describe('signalOfStatus', () => {
  it('names legal_block for 451 written as a number, as text or as its reason phrase', () => {
    for (const written of [
      451,
      '451',
      ' 451 ',
      'unavailable_for_legal_reasons',
      'Unavailable For Legal Reasons',
      'unavailable-for-legal-reasons',
      '451 Unavailable For Legal Reasons',
      'HTTP 451',
    ]) {
      expect(signalOfStatus(written, drillSignals)).toBe('legal_block');
      expect(signalOfStatus(written, cutoffReasons)).toBe('legal_block');
    }
  });

  it('names nothing when the signal is not a value of the field', () => {
    expect(signalOfStatus(451, failureKinds)).toBeUndefined();
  });

  it('names nothing for a status the ladder reads more than one way', () => {
    for (const written of [429, '429', 'Too Many Requests', 401, 402, 403, 404]) {
      expect(signalOfStatus(written, [...drillSignals, ...failureKinds, 'rate_limited'])).toBeUndefined();
    }
  });

  it('names nothing when the status and the phrase disagree, or for other text', () => {
    expect(signalOfStatus('429 Unavailable For Legal Reasons', drillSignals)).toBeUndefined();
    expect(signalOfStatus('legal', drillSignals)).toBeUndefined();
    expect(signalOfStatus('', drillSignals)).toBeUndefined();
    expect(signalOfStatus(true, drillSignals)).toBeUndefined();
  });
});
