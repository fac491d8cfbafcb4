import { readdirSync, readFileSync } from 'node:fs';
import { compileConfigPolicy, reviewConfig } from '@switchyard/core';
import { parseScenario } from '@switchyard/drill';
import { describe, expect, it } from 'vitest';
import { reviewPolicyChange } from './review-policy-change.js';

describe('reviewPolicyChange', () => {
  it('passes validate --strict --coverage and the policy tests, and lists what the proposed change denies', async () => {
    const [validate, tests, validateProposed, diff] = await reviewPolicyChange();
    expect(validate?.code).toBe(0);
    expect(validate?.stdout).toContain('every cell has an allowed target');
    expect(tests?.code).toBe(0);
    expect(tests?.stdout).toContain('policy tests: all 5 cases hold');
    expect(tests?.stdout).not.toContain('FAIL');
    expect(validateProposed?.code).toBe(0);
    expect(diff?.code).toBe(0);
    expect(diff?.stdout).toContain(
      'openai-gpt: allowed (default) -> DENIED by acme/sg-regulated-on-premises\n    for SG callers with regulated data from 2026-07-31T16:00Z',
    );
  });
});

describe('shipped drills', () => {
  const folder = new URL('../../drills/', import.meta.url);
  const files = readdirSync(folder).filter((file) => file.endsWith('.yaml'));

  it.each(files)('%s: its config and every policy event pass validate --strict', (file) => {
    const scenario = parseScenario({ text: readFileSync(new URL(file, folder), 'utf8'), file });
    const review = reviewConfig({ config: scenario.config, file, strict: true, coverage: true });
    expect(review.warnings).toEqual([]);
    for (const event of scenario.timeline) {
      if (event.type !== 'policy') continue;
      const config = { ...scenario.config, policy: event.policy };
      expect(reviewConfig({ config, file, strict: true }).warnings).toEqual([]);
      expect(compileConfigPolicy({ config }).version).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});
