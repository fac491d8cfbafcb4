import { createRedisHealthStore } from '@switchyard/redis';
import { type RedisTestServer, startRedisServer } from '@switchyard/redis/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

let server: RedisTestServer;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await server.stop();
});

describe('switchyard health', () => {
  it('prints the fleet cut-offs with who detected them, when and on what evidence', async () => {
    const store = createRedisHealthStore({ url: server.url, fleet: 'checkout', processId: 'web-1' });
    store.record({
      type: 'cutoff',
      targetId: 'openai-gpt',
      scope: 'jurisdiction',
      jurisdiction: 'CN',
      reason: 'region_blocked',
      evidence: {
        status: 403,
        code: 'unsupported_country_region_territory',
        message: 'Country not supported',
      },
    });
    store.record({ type: 'cooldown', targetId: 'anthropic-claude', until: Date.now() + 60_000 });
    await store.flushed();
    await store.close();

    const result = await run('health', '--redis', server.url, '--fleet', 'checkout');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain(`Health of fleet "checkout" (${server.url}) at `);
    expect(result.stdout).toMatch(
      /openai-gpt\s+│ degraded │ cut off for CN \(region_blocked\)\s+│ [\d:.]+Z \(\d+s ago\)/,
    );
    expect(result.stdout).toMatch(/│ web-1\s+│ 403 unsupported_country_region_territory:/);
    expect(result.stdout).toMatch(/anthropic-claude │ degraded │ rate limited until/);
    expect(result.stdout).toContain('2 targets: 0 cut off, 2 degraded, 0 healthy.');

    const json = await run('health', '--redis', server.url, '--fleet', 'checkout', '--json');
    const snapshot = JSON.parse(json.stdout);
    expect(snapshot.targets[1].cutoffs[0]).toMatchObject({
      jurisdiction: 'CN',
      by: 'web-1',
      source: 'fleet',
    });
  });

  it('says so when the fleet has no health in Redis', async () => {
    const result = await run('health', '--redis', server.url, '--fleet', 'nobody');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain('No health recorded for fleet "nobody"');
  });

  it('fails with exit code 4 when Redis cannot be reached, without printing the password', async () => {
    const result = await run('health', '--redis', 'redis://ops:hunter2@127.0.0.1:1', '--timeout', '300');
    expect(result.code).toBe(exitCodes.runFailed);
    expect(result.stderr).toMatch(
      /^switchyard: cannot read fleet health from redis:\/\/ops:\*\*\*@127\.0\.0\.1:1/,
    );
    expect(result.stderr).not.toContain('hunter2');
  });

  it('prints its help', async () => {
    const result = await run('health', '--help');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain('Usage: switchyard health [options]');
    expect(result.stdout).toContain('--redis <url>');
  });

  it('rejects a URL that is not redis:// as a usage error', async () => {
    const result = await run('health', '--redis', 'http://127.0.0.1:6379');
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain('expected a redis:// or rediss:// URL');
  });
});
