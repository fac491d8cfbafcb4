/**
 * Fleet health benchmark, against a real `redis-server` on 127.0.0.1 (started here, stopped at the end).
 *
 *   pnpm --filter @switchyard/redis bench
 *
 * 1. Propagation: one process records cut-offs one after another; N fleet
 *    member processes (child processes) report when each reached them. Per
 *    cut-off, "to all" is when the last of the N had it. N = 8 and N = 32.
 *    Baseline in the same run: a bare XADD read by N `XREAD BLOCK` child
 *    processes (the transport's floor: no store, no validation).
 * 2. Redis killed and back: 8 members record a cut-off each while Redis is
 *    dead (restarted empty); time from "Redis accepts connections" until every
 *    member has every other member's cut-off. Five rounds.
 * 3. Redis paused (SIGSTOP): the cost of `record()` plus the reads a request
 *    makes, with Redis answering and with Redis frozen, against the same work
 *    on a bare `FleetHealth` (no Redis at all).
 *
 * Targets (issue 15): propagation to all of N = 8 p99 <= 20 ms and max <= 50 ms;
 * N = 32 p99 <= 50 ms; killed and back: complete everywhere <= 1 s after
 * Redis accepts connections, no event lost; paused Redis: no call waits on it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { FleetHealth } from '../src/model/fleet-health.js';
import type { HealthEvent } from '../src/model/health-event.js';
import { HybridClock } from '../src/model/hybrid-clock.js';
import { createRedisHealthStore } from '../src/store/create-redis-health-store.js';
import { startRedisServer } from '../src/test/start-redis-server.js';
import { FleetMember } from '../src/test-fixtures/fleet-member.js';

const now = () => performance.timeOrigin + performance.now();
const server = await startRedisServer();
let fleetCounter = 0;
const nextFleet = () => `bench-${process.pid}-${++fleetCounter}`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function summary(values: number[], unit = 'ms', digits = 1): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (value: number) => value.toFixed(digits);
  return `p50 ${f(percentile(sorted, 50))} / p99 ${f(percentile(sorted, 99))} / max ${f(sorted.at(-1) ?? Number.NaN)} ${unit} (n=${sorted.length})`;
}

function cutoff(targetId: string) {
  return {
    type: 'cutoff' as const,
    targetId,
    scope: 'target' as const,
    reason: 'model_withdrawn' as const,
    evidence: { status: 404, message: 'the model was withdrawn' },
  };
}

async function startMembers(count: number, fleet: string): Promise<FleetMember[]> {
  const members = Array.from(
    { length: count },
    (_, index) => new FleetMember({ url: server.url, fleet, processId: `member-${index}` }),
  );
  await Promise.all(members.map((member) => member.ready()));
  return members;
}

/** Baseline: XADD from this process, read by N bare `XREAD BLOCK` child processes. */
async function bareStreamPropagation(readers: number, events: number): Promise<number[]> {
  const key = `bench:{${nextFleet()}}:bare`;
  const script = new URL('./bare-reader-process.ts', import.meta.url).pathname;
  const writer = new Redis(server.url);
  const seen = new Map<string, number[]>();
  let notify: (() => void) | undefined;
  const children = Array.from({ length: readers }, () =>
    spawn(process.execPath, ['--conditions=@switchyard/source', '--import', 'tsx', script, server.url, key], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          createInterface({ input: child.stdout }).on('line', (line) => {
            const message = JSON.parse(line) as { ready?: true; name?: string; at?: number };
            if (message.ready) resolve();
            else if (message.name !== undefined) {
              seen.set(message.name, [...(seen.get(message.name) ?? []), message.at as number]);
              notify?.();
            }
          });
        }),
    ),
  );
  const toAll: number[] = [];
  for (let index = 0; index < events; index++) {
    const name = `e${index}`;
    const start = now();
    await writer.xadd(key, '*', 'e', name);
    while ((seen.get(name)?.length ?? 0) < readers) await new Promise<void>((resolve) => (notify = resolve));
    toAll.push(Math.max(...(seen.get(name) as number[])) - start);
  }
  for (const child of children) child.stdin.end();
  await Promise.all(children.map((child) => once(child, 'exit')));
  writer.disconnect();
  return toAll;
}

async function storePropagation(count: number, events: number) {
  const fleet = nextFleet();
  const members = await startMembers(count, fleet);
  const publisher = createRedisHealthStore({ url: server.url, fleet, processId: 'publisher' });
  await publisher.synced();
  const toAll: number[] = [];
  const deliveries: number[] = [];
  const cursors = members.map(() => 0);
  for (let index = 0; index < events; index++) {
    const targetId = `target-${index}`;
    const recordedAt = now();
    publisher.record(cutoff(targetId));
    const arrivals = await Promise.all(
      members.map(async (member, memberIndex) => {
        const message = await member.next(
          (candidate): candidate is { op: 'change'; event: HealthEvent; source: 'fleet'; at: number } =>
            candidate.op === 'change' && candidate.event.targetId === targetId,
          cursors[memberIndex],
        );
        cursors[memberIndex] = member.messages.indexOf(message) + 1;
        return message.at - recordedAt;
      }),
    );
    deliveries.push(...arrivals);
    toAll.push(Math.max(...arrivals));
  }
  await publisher.close();
  await Promise.all(members.map((member) => member.close()));
  return { toAll, deliveries };
}

async function killedAndBack(count: number, rounds: number): Promise<number[]> {
  const results: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const fleet = nextFleet();
    const members = await startMembers(count, fleet);
    await server.kill();
    for (const [index, member] of members.entries()) member.record(cutoff(`killed-${round}-${index}`));
    await Promise.all(members.map((member) => member.next((message) => message.op === 'recorded')));
    await server.restart();
    const acceptingAt = now();
    const completeAt = await Promise.all(
      members.map(async (member, index) => {
        let last = acceptingAt;
        for (let other = 0; other < count; other++) {
          if (other === index) continue;
          const message = await member.next(
            (candidate): candidate is { op: 'change'; event: HealthEvent; source: 'fleet'; at: number } =>
              candidate.op === 'change' && candidate.event.targetId === `killed-${round}-${other}`,
          );
          last = Math.max(last, message.at);
        }
        return last;
      }),
    );
    results.push(Math.max(...completeAt) - acceptingAt);
    await Promise.all(members.map((member) => member.close()));
  }
  return results;
}

/** Per call: what a request does with health (a cut-off check per candidate, a cooldown check) and one record. */
function requestPathCost(record: (targetId: string) => void, health: FleetHealth, calls: number): number[] {
  const costs: number[] = [];
  for (let call = 0; call < calls; call++) {
    const start = process.hrtime.bigint();
    for (const targetId of ['a', 'b', 'c']) {
      health.cutoffFor(targetId, 'DE');
      health.cooldownOf(targetId);
    }
    if (call % 10 === 0) record(`target-${call % 50}`);
    costs.push(Number(process.hrtime.bigint() - start) / 1_000);
  }
  return costs;
}

async function pausedRedis(calls: number) {
  const bare = new FleetHealth();
  const clock = new HybridClock({ processId: 'bare' });
  const bareCosts = requestPathCost(
    (targetId) => bare.apply(clock.stamp({ type: 'cooldown', targetId, until: Date.now() + 1_000 })),
    bare,
    calls,
  );
  const store = createRedisHealthStore({ url: server.url, fleet: nextFleet(), processId: 'paused-bench' });
  await store.synced();
  const record = (targetId: string) => {
    store.record({ type: 'cooldown', targetId, until: Date.now() + 1_000 });
  };
  const upCosts: number[] = [];
  const pausedCosts: number[] = [];
  // Interleave batches with yields, so the background publishing runs as it would between requests.
  for (let batch = 0; batch < 20; batch++) {
    upCosts.push(...requestPathCost(record, store.health, calls / 20));
    await new Promise((resolve) => setImmediate(resolve));
  }
  server.pause();
  const pausedAt = now();
  for (let batch = 0; batch < 20; batch++) {
    pausedCosts.push(...requestPathCost(record, store.health, calls / 20));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the pause lasts ~2 s of real time
  }
  const pausedFor = now() - pausedAt;
  server.resume();
  await store.flushed();
  await store.close();
  return { bareCosts, upCosts, pausedCosts, pausedFor };
}

try {
  console.log('fleet health benchmark (redis-server on 127.0.0.1)\n');
  for (const [count, events] of [
    [8, 200],
    [32, 100],
  ] as const) {
    const bare = await bareStreamPropagation(count, events);
    const store = await storePropagation(count, events);
    const p99 = (values: number[]) =>
      percentile(
        [...values].sort((a, b) => a - b),
        99,
      );
    console.log(`propagation to N = ${count} processes (${events} cut-offs, one at a time)`);
    console.log(`  baseline: bare XADD -> ${count} XREAD processes, to all ${summary(bare)}`);
    console.log(`  store: to all N                                 ${summary(store.toAll)}`);
    console.log(`  store: each delivery                            ${summary(store.deliveries)}`);
    console.log(`  ratio store/baseline (p99 to all): ${(p99(store.toAll) / p99(bare)).toFixed(1)}x\n`);
  }
  const convergence = await killedAndBack(8, 5);
  console.log('Redis killed, 8 members record a cut-off each, Redis restarted empty (5 rounds)');
  console.log(
    `  complete state everywhere after Redis accepts connections: ${convergence.map((ms) => ms.toFixed(0)).join(', ')} ms\n`,
  );
  const paused = await pausedRedis(20_000);
  console.log(
    `request-path health work per call (3 cut-off + cooldown checks, a record every 10th call), µs`,
  );
  console.log(`  baseline: FleetHealth alone, no Redis   ${summary(paused.bareCosts, 'µs', 2)}`);
  console.log(`  Redis store, Redis answering            ${summary(paused.upCosts, 'µs', 2)}`);
  console.log(
    `  Redis store, Redis paused (${(paused.pausedFor / 1000).toFixed(1)} s)       ${summary(paused.pausedCosts, 'µs', 2)}`,
  );
  const p99 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      99,
    );
  console.log(
    `  ratio paused/answering (p99): ${(p99(paused.pausedCosts) / p99(paused.upCosts)).toFixed(2)}x`,
  );
} finally {
  await server.stop();
}
