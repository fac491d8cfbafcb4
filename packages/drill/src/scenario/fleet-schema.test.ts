import { describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.js';

/** A fleet scenario whose `fleet.redis` is `redis` (line 22, column 10). */
function withRedis(redis: string): string {
  return [
    'name: fleet-redis',
    'config:',
    '  targets:',
    '    - id: local',
    '      provider: ollama',
    '      model: llama4',
    '      hostedIn: self',
    '      origin: US',
    '      weights: open',
    '      contextWindow: 8000',
    '      price: { input: 0, output: 0 }',
    '  routes:',
    '    chat: { targets: [local] }',
    'workload:',
    '  route: chat',
    '  rate: 10',
    '  total: 4',
    '  mix: { jurisdictions: { US: 1 } }',
    'assertions: [{ type: all-accounted }]',
    'fleet:',
    '  processes: 2',
    `  redis: "${redis}"`,
  ].join('\n');
}

describe('fleet.redis', () => {
  it('refuses a URL a Redis client cannot use, with the closest one it can', () => {
    const refused = (redis: string) => () => parseScenario({ text: withRedis(redis), file: 'fleet.yaml' });
    expect(refused('http://cache:6379')).toThrow(
      'fleet.yaml:22:10 fleet.redis: got "http://cache:6379"; expected a redis:// or rediss:// URL, such as "redis://cache:6379"',
    );
    expect(refused('localhost:6379/2')).toThrow('such as "redis://localhost:6379/2"');
    expect(refused('redis://')).toThrow(
      'got "redis://"; expected a redis:// or rediss:// URL, such as "redis://127.0.0.1:6379"',
    );
    expect(refused('http://drill:secret@cache:6379')).toThrow(
      'got "http://[redacted]@cache:6379"; expected a redis:// or rediss:// URL, such as "redis://[redacted]@cache:6379"',
    );
    expect(refused('not a url')).toThrow('such as "redis://127.0.0.1:6379"');
    expect(
      parseScenario({ text: withRedis('rediss://user:pw@cache:6380/1'), file: 'fleet.yaml' }).fleet?.redis,
    ).toBe('rediss://user:pw@cache:6380/1');
  });
});
