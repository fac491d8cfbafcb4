import { describe, expect, it } from 'vitest';
import type { PreparedTarget } from '../prepare/prepared-target.js';
import { checkEligibility, noModelIneligibility } from './check-eligibility.js';
import type { RequestNeeds } from './request-needs.js';

const now = Date.parse('2026-06-01T00:00:00.000Z');
const needs: RequestNeeds = { tools: false, json: false, vision: false, promptTokens: 10, outputTokens: 100 };
function entry(overrides: Partial<PreparedTarget> = {}, cutoff?: { probeDue: boolean }): PreparedTarget {
  return {
    target: { id: 'alpha', contextWindow: 1_000 },
    model: {},
    hasTools: false,
    hasJson: true,
    hasVision: false,
    streamGenerate: true,
    health: {
      cutoffFor: () =>
        cutoff && {
          cutoff: {
            scope: 'target',
            reason: 'key_revoked',
            since: now - 1_000,
            failure: { kind: 'cutoff', message: 'revoked' },
          },
          probeDue: cutoff.probeDue,
        },
    },
    ...overrides,
  } as unknown as PreparedTarget;
}

describe('checkEligibility', () => {
  it('lets an able, healthy target with a model through', () => {
    expect(checkEligibility({ entry: entry(), jurisdiction: 'US', needs, now })).toBeUndefined();
  });

  it('answers no_model with the answer the candidate was prepared with, or builds the same one', () => {
    const prepared = noModelIneligibility('alpha');
    // The target's `skipped` entry itself, key order as the record writes it.
    expect(JSON.stringify(prepared)).toBe(
      '{"targetId":"alpha","reason":"no_model","detail":"no model was given for target alpha in createRouter({ models })"}',
    );
    expect(Object.isFrozen(prepared)).toBe(true);
    const withAnswer = entry({ model: undefined, noModel: prepared });
    expect(checkEligibility({ entry: withAnswer, jurisdiction: 'US', needs, now })).toBe(prepared);
    expect(checkEligibility({ entry: withAnswer, jurisdiction: 'DE', needs, now })).toBe(prepared);
    expect(checkEligibility({ entry: entry({ model: undefined }), jurisdiction: 'US', needs, now })).toEqual(
      prepared,
    );
  });

  it('says why a target cannot serve, in order: model, cut-off, capabilities, context window', () => {
    expect(
      checkEligibility({ entry: entry({ model: undefined }), jurisdiction: 'US', needs, now })?.reason,
    ).toBe('no_model');
    expect(
      checkEligibility({ entry: entry({}, { probeDue: false }), jurisdiction: 'US', needs, now }),
    ).toEqual({
      reason: 'cutoff',
      detail: 'cut off (key_revoked) since 2026-05-31T23:59:59.000Z: revoked',
    });
    expect(
      checkEligibility({
        entry: entry(),
        jurisdiction: 'US',
        needs: { ...needs, tools: true, vision: true },
        now,
      }),
    ).toEqual({ reason: 'capability', detail: 'lacks tools, vision' });
    expect(
      checkEligibility({ entry: entry(), jurisdiction: 'US', needs: { ...needs, promptTokens: 5_000 }, now })
        ?.reason,
    ).toBe('context_window');
  });

  it('lets a cut-off target through when its probe is due', () => {
    expect(
      checkEligibility({ entry: entry({}, { probeDue: true }), jurisdiction: 'US', needs, now }),
    ).toBeUndefined();
  });
});
