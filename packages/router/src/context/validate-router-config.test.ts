import { ConfigError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../test-fixtures/router-fixtures.js';
import { validateRouterConfig } from './validate-router-config.js';

describe('validateRouterConfig', () => {
  it('returns the validated config and health options', () => {
    const { config, health } = validateRouterConfig({ config: testConfig(), health: { maxRetries: 1 } });
    expect(config.routes.chat?.targets).toEqual(['alpha', 'beta', 'gamma']);
    expect(health).toEqual({ maxRetries: 1 });
  });

  it('fails closed on a config that references nothing, listing the problem', () => {
    const error = (() => {
      try {
        validateRouterConfig({
          config: testConfig({ routes: { chat: { targets: ['omega'] } } }),
          health: undefined,
        });
      } catch (caught) {
        return caught;
      }
    })();
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).message).toContain('omega');
  });

  it('names the health option and what it expects', () => {
    expect(() => validateRouterConfig({ config: testConfig(), health: { maxRetries: -1 } })).toThrow(
      /health\.maxRetries: /,
    );
  });
});
