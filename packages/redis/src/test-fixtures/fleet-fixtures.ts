import { isDeepStrictEqual } from 'node:util';
import { vi } from 'vitest';
import type { HealthEvent } from '../model/health-event.js';
import { createRedisHealthStore } from '../store/create-redis-health-store.js';
import type { RedisHealthStore } from '../store/redis-health-store.js';
import type { RedisHealthStoreOptions } from '../store/redis-health-store-options.js';

// Captured before any test fakes the clock: real I/O needs real turns of the event loop.
const realSetTimeout = globalThis.setTimeout;

/** Stores created by a test file, closed by {@link closeStores}. */
const open = new Set<RedisHealthStore>();

let fleetCounter = 0;

/** A fleet name no other test of this file uses. */
export function uniqueFleet(): string {
  fleetCounter++;
  return `test-${process.pid}-${fleetCounter}`;
}

/**
 * Creates a store and remembers it for {@link closeStores}. Its blocking reads are short (a
 * closing store waits for one), but its commands get 10 s: Redis answers in about a millisecond,
 * yet a busy machine can hold an answer for hundreds, and a command that timed out while Redis was
 * there would add a sync error and a reconnection a test did not ask for. A test where a command
 * must time out sets a shorter `commandTimeoutMs`.
 */
export function openStore(
  options: RedisHealthStoreOptions & { url: string; fleet: string },
): RedisHealthStore {
  const store = createRedisHealthStore({
    commandTimeoutMs: 10_000,
    blockMs: 500,
    reconcileIntervalMs: 60_000,
    ...options,
  });
  open.add(store);
  return store;
}

/** Closes every store of the test. */
export async function closeStores(): Promise<void> {
  await Promise.all([...open].map((store) => store.close()));
  open.clear();
}

/**
 * Waits until `condition` holds, letting real I/O (Redis, sockets) run in
 * between; with fake timers, also moves the fake clock on by `stepMs` per turn,
 * so timeouts and retry delays inside the store fire in virtual time. Bounded:
 * throws after `maxTurns`, naming what it waited for.
 */
export async function settle(
  what: string,
  condition: () => boolean,
  options: { stepMs?: number; maxTurns?: number } = {},
): Promise<void> {
  const { stepMs = 5, maxTurns = 3_000 } = options;
  for (let turn = 0; turn < maxTurns; turn++) {
    if (condition()) return;
    if (vi.isFakeTimers()) await vi.advanceTimersByTimeAsync(stepMs);
    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }
  if (!condition()) throw new Error(`gave up waiting for ${what} after ${maxTurns} turns`);
}

/**
 * Lets `ms` of fake time pass in steps, with a real turn of the event loop
 * after each, so the store's timers fire in order while Redis answers (or not).
 */
export async function passTime(ms: number, stepMs = 50): Promise<void> {
  for (let passed = 0; passed < ms; passed += stepMs) {
    await vi.advanceTimersByTimeAsync(Math.min(stepMs, ms - passed));
    await new Promise((resolve) => realSetTimeout(resolve, 1));
  }
}

/** Whether two stores hold the same state (every register, in canonical order). */
export function sameState(a: RedisHealthStore, b: RedisHealthStore): boolean {
  return isDeepStrictEqual(a.health.events(), b.health.events());
}

/** A cut-off input for tests. */
export function cutoffInput(targetId: string, jurisdiction?: string) {
  return {
    type: 'cutoff' as const,
    targetId,
    scope: jurisdiction === undefined ? ('target' as const) : ('jurisdiction' as const),
    ...(jurisdiction === undefined ? {} : { jurisdiction }),
    reason: 'region_blocked' as const,
    evidence: { status: 403, code: 'unsupported_country_region_territory', message: 'blocked' },
  };
}

/** The events of a store's state, without latency summaries. */
export function stateOf(store: RedisHealthStore): HealthEvent[] {
  return store.health.events().filter((event) => event.type !== 'latency');
}
