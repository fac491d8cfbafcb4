import { describe, expect, it } from 'vitest';
import { JurisdictionError } from '../jurisdiction/jurisdiction-error.js';
import { PolicyError } from '../policy/policy-error.js';
import { ConfigError } from './config-error.js';
import { errorCodes } from './error-codes.js';
import { ProviderError } from './provider-error.js';
import { SwitchyardError } from './switchyard-error.js';

const instances = {
  SwitchyardError: new SwitchyardError({ code: errorCodes.ROUTE_UNKNOWN, message: 'x' }),
  ConfigError: new ConfigError({ file: 'f.yaml', issues: [{ file: 'f.yaml', path: 'a', message: 'b' }] }),
  ProviderError: new ProviderError({
    provider: 'p',
    model: 'm',
    failure: { kind: 'transient', message: 'x' },
  }),
  PolicyError: new PolicyError({ issues: [{ path: 'rules[0]', message: 'x' }] }),
  JurisdictionError: new JurisdictionError({ jurisdiction: 'XX', message: 'x' }),
};
const classes = { SwitchyardError, ConfigError, ProviderError, PolicyError, JurisdictionError };

describe('error classes', () => {
  describe('isInstance', () => {
    it.each(Object.keys(classes))('%s recognises its own instances and no other class', (name) => {
      const cls = classes[name as keyof typeof classes];
      for (const [other, instance] of Object.entries(instances)) {
        const expected = other === name || name === 'SwitchyardError';
        expect(cls.isInstance(instance), `${name}.isInstance(${other})`).toBe(expected);
      }
      expect(cls.isInstance(new Error('plain'))).toBe(false);
      expect(cls.isInstance(undefined)).toBe(false);
    });

    it('recognises an error of another copy of the package by its Symbol.for marker', () => {
      const foreign = Object.assign(new Error('from another copy'), {
        [Symbol.for('switchyard.error')]: true,
        [Symbol.for('switchyard.ProviderError')]: true,
        code: errorCodes.PROVIDER_ERROR,
      });
      expect(ProviderError.isInstance(foreign)).toBe(true);
      expect(ConfigError.isInstance(foreign)).toBe(false);
    });
  });
});
