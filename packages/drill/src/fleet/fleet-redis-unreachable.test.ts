import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { gptAndLocalConfig } from '../test-fixtures/gpt-and-local-config.js';
import { runFleetDrill } from './run-fleet-drill.js';

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function scenarioWith(redis: string): ScenarioInput {
  return {
    name: 'fleet-no-redis',
    config: gptAndLocalConfig,
    workload: { route: 'chat', rate: 10, total: 10, mix: { jurisdictions: { US: 1 } } },
    assertions: [{ type: 'all-accounted' }],
    fleet: { processes: 2, redis, assertions: [{ type: 'attempts-after-propagation', max: 0 }] },
  };
}

describe('runFleetDrill with a Redis it cannot reach', () => {
  // Two real router processes that try Redis for 10 s, then stop: about 15 s.
  it('fails at the start naming the URL without its password and what to give instead', async () => {
    const port = await closedPort();
    const run = runFleetDrill({ scenario: scenarioWith(`redis://drill:secret@127.0.0.1:${port}`) });
    await expect(run).rejects.toThrow(
      new RegExp(
        `^a fleet process failed to start: p[12]: Redis at redis://\\[redacted\\]@127\\.0\\.0\\.1:${port} could not be used for 10 s \\(connect: .*ECONNREFUSED.*\\): expected the URL of a running Redis in fleet\\.redis, or no fleet\\.redis, to have the drill start a redis-server of its own$`,
      ),
    );
    await expect(run).rejects.not.toThrow(/secret/);
  }, 60_000);
});
