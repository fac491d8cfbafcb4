import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigIssue } from '../errors/config-error.js';
import { reviewConfig } from './review-config.js';

const example = readFileSync(new URL('../../../../examples/config/switchyard.yaml', import.meta.url), 'utf8');

const base = `targets:
  - { id: us-gpt, provider: openai, model: gpt-5.4, hostedIn: US, origin: US, weights: closed, contextWindow: 1 }
  - { id: local, provider: ollama, model: llama4, hostedIn: self, origin: US, weights: open, contextWindow: 1 }
routes:
  chat: { targets: [us-gpt] }
`;

function strictFailure(text: string): string[] {
  try {
    reviewConfig({ text, file: 'x.yaml', strict: true });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.issues.map(formatConfigIssue);
    throw error;
  }
  return [];
}

describe('reviewConfig', () => {
  it('passes the shipped example strictly, with full coverage and its inactive pack rules listed at the pack', () => {
    const review = reviewConfig({ text: example, file: 'switchyard.yaml', strict: true, coverage: true });
    expect(review.warnings).toEqual([]);
    expect(review.deadEnds).toEqual([]);
    expect(review.coverage?.cells.length).toBeGreaterThan(0);
    expect(review.inactive.map(formatConfigIssue)).toEqual([
      expect.stringMatching(
        /^switchyard\.yaml:\d+:\d+ policy\.packs\[0\]: pack rule "us-export-2026\/withdrawn-worldwide"/,
      ),
      expect.stringMatching(
        /^switchyard\.yaml:\d+:\d+ policy\.packs\[2\]: pack rule "model-origin\/gov-tenants"/,
      ),
    ]);
  });

  it('returns lint findings as located warnings, and fails on them with strict', () => {
    const text = `${base}policy:
  rules:
    - { id: r, description: d, source: s, effect: allow, targets: { provider: [openai] } }
`;
    const review = reviewConfig({ text, file: 'x.yaml' });
    expect(review.warnings.map(formatConfigIssue)).toEqual([
      expect.stringMatching(/^x\.yaml:8:7 policy\.rules\[0\]: rule "r" never changes a decision/),
    ]);
    expect(strictFailure(text)).toEqual([
      expect.stringMatching(
        /^x\.yaml:8:7 policy\.rules\[0\]: rule "r" never changes a decision.*\(--strict\)$/,
      ),
    ]);
  });

  it('fails strictly on a dead end for a jurisdiction the config serves, not for one it does not', () => {
    const deny = `policy:
  rules:
    - { id: no-kp, description: d, source: s, effect: deny, when: { jurisdiction: [KP] }, targets: { provider: [openai] } }
`;
    expect(strictFailure(`${base}${deny}`)).toEqual([]);
    expect(strictFailure(`${base}callers:\n  jurisdictions: [US, KP]\n${deny}`)).toEqual([
      'x.yaml:5:9 routes.chat: route chat has no allowed target for KP callers at any time, a jurisdiction this config serves (callers.jurisdictions); expected at least one allowed target (--strict)',
    ]);
  });
});
