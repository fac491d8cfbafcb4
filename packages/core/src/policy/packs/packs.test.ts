import { describe, expect, it } from 'vitest';
import { PolicySchema } from '../policy-schema.js';
import { policyPacks } from './index.js';

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
