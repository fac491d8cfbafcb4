export { type BudgetKeys, budgetKeys } from './budget/budget-keys.js';
export type { RedisCounterUsage } from './budget/budget-script-calls.js';
export { createRedisBudgetStore } from './budget/create-redis-budget-store.js';
export { type BudgetUsageReading, readBudgetUsage } from './budget/read-budget-usage.js';
export type { RedisBudgetStore, RedisBudgetStoreStats } from './budget/redis-budget-store.js';
export {
  type RedisBudgetStoreOptions,
  RedisBudgetStoreOptionsSchema,
  redisBudgetStoreDefaults,
} from './budget/redis-budget-store-options.js';
export { compareEvents, rankOf } from './model/compare-events.js';
export { FleetHealth, type FleetLatency } from './model/fleet-health.js';
export {
  type CircuitEvent,
  CircuitEventSchema,
  type CooldownEvent,
  CooldownEventSchema,
  type CutoffEvent,
  CutoffEventSchema,
  type CutoffEvidence,
  CutoffEvidenceSchema,
  type HealthEvent,
  type HealthEventInput,
  HealthEventSchema,
  type LatencyEvent,
  LatencyEventSchema,
  type RestoreEvent,
  RestoreEventSchema,
} from './model/health-event.js';
export { HybridClock } from './model/hybrid-clock.js';
export { snapshotFleetHealth } from './model/snapshot-fleet-health.js';
export { createRedisHealthStore } from './store/create-redis-health-store.js';
export { type FleetKeys, fleetKeys } from './store/fleet-keys.js';
export { type FleetHealthReading, readFleetHealth, redactUrl } from './store/read-fleet-health.js';
export type {
  FleetStatus,
  FleetStoreStats,
  FleetSyncError,
  HealthEventSource,
  RedisHealthStore,
  RedisHealthStoreEvents,
} from './store/redis-health-store.js';
export {
  type RedisHealthStoreOptions,
  RedisHealthStoreOptionsSchema,
  redisHealthStoreDefaults,
} from './store/redis-health-store-options.js';
