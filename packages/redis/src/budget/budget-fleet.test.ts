import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { BudgetSchema, budgetCounters, compileBudgets, type DecisionRecord } from '@switchyard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisTestServer, startRedisServer } from '../test/start-redis-server.js';
import { uniqueFleet } from '../test-fixtures/fleet-fixtures.js';
import { readBudgetUsage } from './read-budget-usage.js';

/**
 * Three router processes share one budget through Redis; one is killed with
 * SIGKILL in the middle of a stream. What must hold once the others are done
 * and the killed one's reservation has lapsed: the fleet never spent past the
 * limit, nothing stays reserved, and Redis's spend is the sum of the records'
 * attempt charges, to the micro-dollar.
 */
let server: RedisTestServer;

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  await server.stop();
});

type Message =
  | { op: 'streaming'; request: number }
  | { op: 'record'; record: DecisionRecord }
  | { op: 'done'; stats: Record<string, number> };

const script = new URL('../test-fixtures/budget-member-process.ts', import.meta.url).pathname;

/** A router process; `messages` fills as it reports; `exited` resolves with its exit code or signal. */
function member(url: string, fleet: string, processId: string, requests: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@switchyard/source', '--import', 'tsx', script, url, fleet, processId, String(requests)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const messages: Message[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> }).on('line', (line) => {
    messages.push(JSON.parse(line) as Message);
    for (const wake of waiters) wake();
  });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const wake of waiters) wake();
      resolve(String(signal ?? code));
    }),
  );
  let exitCode: string | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  return {
    child,
    messages,
    exited,
    /** Resolves when a message matches; rejects when the process exits first. */
    async until(match: (message: Message) => boolean): Promise<void> {
      for (;;) {
        if (messages.some(match)) return;
        if (exitCode !== undefined) throw new Error(`${processId} exited (${exitCode}) first`);
        await new Promise<void>((resolve) => waiters.add(resolve));
      }
    },
  };
}

describe('budgets across a fleet of router processes', () => {
  // Three router processes (tsx compiles their sources) stream against one Redis: 18 s on a busy machine.
  it('holds the limit and settles to the micro-dollar when one process is killed mid-stream', {
    timeout: 120_000,
  }, async () => {
    const fleet = uniqueFleet();
    const [a, b, killed] = ['a', 'b', 'killed'].map((id) => member(server.url, fleet, id, 8));
    await killed!.until((message) => message.op === 'streaming' && message.request === 2);
    killed!.child.kill('SIGKILL');
    expect(await killed!.exited).toBe('SIGKILL');
    expect(await a!.exited).toBe('0');
    expect(await b!.exited).toBe('0');

    const budget = BudgetSchema.parse({
      id: 'fleet-hourly',
      scope: { provider: ['openai'] },
      limit: { usd: 0.003 },
      window: { rolling: '1h' },
    });
    const [compiled] = compileBudgets({ budgets: [budget] }).all;
    // Read at an instant past every reservation's lapse: the killed process's stream has lapsed by then.
    const later = Date.now() + 10 * 60_000;
    const [usage] = await readBudgetUsage({
      url: server.url,
      fleet,
      now: later,
      firstBucketOf: () =>
        budgetCounters([{ budget: compiled!, key: 'fleet-hourly' }], later)[0]!.firstBucket,
    });
    const records = [a!, b!, killed!].flatMap((process) =>
      process.messages.flatMap((message) => (message.op === 'record' ? [message.record] : [])),
    );
    const attempts = records.flatMap((record) => record.attempts);
    const charged = attempts.reduce((sum, attempt) => sum + (attempt.budget?.charged.microUsd ?? 0), 0);
    const costs = attempts
      .filter((attempt) => attempt.budget)
      .reduce((sum, attempt) => sum + attempt.costUsd, 0);

    expect(usage).toMatchObject({
      key: 'fleet-hourly',
      outstanding: 0,
      reserved: { microUsd: 0, requests: 0 },
    });
    expect(usage!.total.microUsd).toBe(charged);
    expect(Math.round(costs * 1_000_000)).toBe(charged);
    expect(usage!.spent.microUsd).toBeLessThanOrEqual(3_000);
    // The budget ran out: later requests were rerouted to local open weights, with the budget named.
    expect(records.some((record) => record.servedBy === 'local')).toBe(true);
    expect(
      records.some((record) =>
        record.skipped.some(
          (entry) => entry.reason === 'budget' && entry.budgetIds?.includes('fleet-hourly'),
        ),
      ),
    ).toBe(true);
    // The killed process's stream never reached a record; the other two finished every request.
    expect(records).toHaveLength(8 + 8 + 2);
  });
});
