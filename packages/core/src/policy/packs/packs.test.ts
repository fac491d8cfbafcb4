import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileConfigPolicy } from '../../config/compile-config-policy.js';
import type { SwitchyardConfig } from '../../config/config-schema.js';
import { PolicySchema } from '../policy-schema.js';
import { policyTestProblems } from '../policy-tests/policy-test-problems.js';
import { readPolicyTests } from '../policy-tests/read-policy-tests.js';
import { runPolicyTests } from '../policy-tests/run-policy-tests.js';
import { policyPacks, policyPackTests } from './index.js';

describe('policyPacks', () => {
  describe.each(Object.entries(policyPacks))('%s', (name, pack) => {
    it('is a valid policy whose id is its registry name', () => {
      const parsed = PolicySchema.safeParse({ rules: pack.rules });
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
      expect(pack.id).toBe(name);
    });

    it('cites a source on every rule and says it is not legal advice', () => {
      for (const rule of pack.rules) {
        expect(rule.source.length).toBeGreaterThan(20);
        expect(rule.source).toMatch(/not legal advice/i);
      }
    });

    it('prefixes every rule id with a name of the pack', () => {
      const prefixes = new Set(pack.rules.map((rule) => rule.id.split('/')[0]));
      expect(prefixes.size).toBe(1);
      expect(pack.rules.every((rule) => rule.id.includes('/'))).toBe(true);
    });
  });
});

describe('policyPackTests', () => {
  describe.each(Object.entries(policyPackTests))('%s', (name, url) => {
    const tests = readPolicyTests({ text: readFileSync(url, 'utf8'), file: `policy-tests/${name}.yaml` });
    const config = tests.config as SwitchyardConfig;

    it('ships tests with their own catalog that use the pack', () => {
      expect(config.policy.packs).toEqual([name]);
      expect(tests.cases.length).toBeGreaterThanOrEqual(3);
    });

    it('holds: every case gets the verdicts and deciding rules it expects', () => {
      const policy = compileConfigPolicy({ config });
      expect(policyTestProblems({ cases: tests.cases, config, policy })).toEqual([]);
      const failed = runPolicyTests({ cases: tests.cases, config, policy }).filter(
        (result) => !result.passed,
      );
      expect(failed).toEqual([]);
    });

    it('would catch the pack losing its rules: without them some case fails', () => {
      const policy = compileConfigPolicy({ config, policy: { packs: [] } });
      const failed = runPolicyTests({ cases: tests.cases, config, policy }).filter(
        (result) => !result.passed,
      );
      expect(failed.length).toBeGreaterThan(0);
    });
  });
});
