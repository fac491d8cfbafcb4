/**
 * One router process of a fleet drill (a child process): a router over the
 * scenario's config, with the Switchyard adapters pointed at the drill's
 * loopback simulators, a Redis health store shared with the other
 * processes, and (when the config has budgets) a Redis budget store: the
 * fleet counts against the same limits; it sends its share of the workload (every `processes`-th
 * request) in real time and reports records and health events over IPC.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { PolicyInput, Target } from '@switchyard/core';
import { redactSecrets } from '@switchyard/core/failure';
import { createRedisBudgetStore, createRedisHealthStore } from '@switchyard/redis';
import { createRouter } from '@switchyard/router';
import { adapterModelFactory } from '../run/model-factory.js';
import { scaledHealth } from '../run/run-pass.js';
import { scaledWait } from '../run/scaled-wait.js';
import { sendWorkload } from '../run/send-workload.js';
import { realTimers } from '../timeline/schedule-timeline.js';
import { workloadRequests } from '../workload/create-workload.js';
import type { FromMember, ToMember } from './fleet-messages.js';
import { memberConcurrency } from './member-concurrency.js';

const now = () => performance.timeOrigin + performance.now();
const send = (message: FromMember) => process.send?.(message);
/** Sends a last message, resolving once it left (before the process exits). */
const sendLast = (message: FromMember) =>
  new Promise<void>((resolve) => {
    if (process.send === undefined) resolve();
    else process.send(message, () => resolve());
  });

async function run(init: Extract<ToMember, { type: 'init' }>): Promise<void> {
  const { scenario, index, processes, timeScale } = init;
  const processId = `p${index + 1}`;
  const store = createRedisHealthStore({ url: init.redisUrl, fleet: init.fleet, processId });
  const budgetStore =
    scenario.config.budgets.length > 0
      ? createRedisBudgetStore({ url: init.redisUrl, fleet: init.fleet, processId })
      : undefined;
  const models: Record<string, LanguageModelV4> = {};
  // The caller's jurisdiction reaches the simulators as a header of each call (sendWorkload sets it).
  for (const target of scenario.config.targets as Target[]) {
    const baseURL = init.baseURLs[target.id];
    if (baseURL === undefined) continue;
    models[target.id] = await adapterModelFactory({ target, baseURL, apiKey: 'sk-drill-simulated' });
  }
  // The router reads simulated time, as in a loopback drill: the scenario's start, then scaled real time.
  const scenarioStart = Date.parse(scenario.start);
  let startAt: number | undefined;
  // The timeline's policy changes are in force from their offsets on this process's clock, as in a
  // single drill: the clock applies each one due before it returns an instant, so no request is
  // decided at or after a change's offset under the policy it replaced (a message from the drill
  // would arrive late on a busy machine).
  const policyChanges = scenario.timeline
    .flatMap((event) => (event.type === 'policy' ? [{ at: event.at, policy: event.policy }] : []))
    .sort((a, b) => a.at - b.at);
  let nextPolicyChange = 0;
  const clockNow = () => {
    if (startAt === undefined) return scenarioStart;
    const elapsed = (now() - startAt) * timeScale;
    for (; (policyChanges[nextPolicyChange]?.at ?? Number.POSITIVE_INFINITY) <= elapsed; nextPolicyChange++) {
      router.setPolicy(policyChanges[nextPolicyChange]?.policy as PolicyInput);
    }
    return scenarioStart + elapsed;
  };
  const router = createRouter({
    config: scenario.config,
    models,
    healthStore: store,
    ...(budgetStore ? { budgetStore } : {}),
    clock: { now: clockNow, wait: scaledWait(realTimers, timeScale) },
    health: scaledHealth(timeScale),
  });
  const starts = new Map<string, number[]>();
  router.on('attempt-start', ({ requestId }) => {
    let list = starts.get(requestId);
    if (list === undefined) {
      list = [];
      starts.set(requestId, list);
    }
    list.push(now());
  });
  router.on('request-end', (record) => {
    const attemptStarts = starts.get(record.requestId) ?? [];
    starts.delete(record.requestId);
    send({ type: 'record', record, attemptStarts, at: now() });
  });
  // Detections here, from the router; news from the fleet, from the store: every cut-off event another
  // process published, when it arrived (even when this process had already detected the same cut-off).
  router.on('target-cut-off', (event) => {
    if (event.source !== 'local') return;
    send({
      type: 'health',
      event: {
        kind: 'cutoff',
        targetId: event.targetId,
        scope: event.jurisdiction ?? '*',
        source: 'local',
        by: event.by,
        reason: event.failure.cutoffReason ?? event.failure.code ?? event.failure.kind,
        at: now(),
      },
    });
  });
  store.on('change', ({ event, source }) => {
    if (source !== 'fleet' || event.type !== 'cutoff') return;
    send({
      type: 'health',
      event: {
        kind: 'cutoff',
        targetId: event.targetId,
        scope: event.jurisdiction ?? '*',
        source: 'fleet',
        by: event.by,
        at: now(),
      },
    });
  });
  router.on('target-restored', (event) =>
    send({
      type: 'health',
      event: {
        kind: 'restore',
        targetId: event.targetId,
        scope: event.jurisdiction ?? '*',
        source: event.source,
        by: event.by,
        at: now(),
      },
    }),
  );
  await firstSync(store, init.redisUrl);
  send({ type: 'ready', processId });

  let stopped = false;
  const started = new Promise<void>((resolve) => {
    process.on('message', (message: ToMember) => {
      if (message.type === 'start') {
        startAt = message.startAt;
        resolve();
      } else if (message.type === 'restore') for (const id of message.targetIds) router.health.restore(id);
      else if (message.type === 'stop') stopped = true;
    });
  });
  await started;
  const all = workloadRequests({ workload: scenario.workload, seed: init.seed });
  const mine: Iterator<typeof all extends Iterator<infer T> ? T : never> = {
    next() {
      for (;;) {
        const next = all.next();
        if (next.done || next.value.index % processes === index) return next;
      }
    },
  };
  const counts = { sent: 0, served: 0, failed: 0, failures: {}, lost: 0, inFlight: 0 };
  const begin = startAt as number;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // A process with nothing to report still says how far it got: the drill counts attempts once
  // every process has spoken past their start.
  const clock = setInterval(() => send({ type: 'clock', at: now() }), 250);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, begin - now())));
  await sendWorkload({
    model: router.languageModel(scenario.workload.route),
    requests: mine,
    loop:
      scenario.workload.rate !== undefined
        ? { rate: true }
        : {
            rate: false,
            concurrency: memberConcurrency({
              concurrency: scenario.workload.concurrency ?? 1,
              processes,
              index,
            }),
          },
    elapsedMs: () => (now() - begin) * timeScale,
    timeScale,
    counts,
    lostExamples: [],
    controllers: new Set(),
    // The scenario's duration: nothing is sent at or past it (the drill also says stop then).
    isStopped: () =>
      stopped || (scenario.duration !== undefined && (now() - begin) * timeScale >= scenario.duration),
    beforeSend: () => {},
    onWake: () => {},
  });
  clearInterval(clock);
  delay.disable();
  const basis = router.basis();
  await router.close();
  await budgetStore?.close();
  await store.close();
  await sendLast({
    type: 'done',
    counts,
    eventLoop: { p99Ms: delay.percentile(99) / 1e6, maxMs: delay.max / 1e6 },
    basis,
  });
}

/** How long a process keeps trying to reach Redis after a first failure, before it gives up (real ms). */
export const redisPatienceMs = 10_000;

/**
 * Waits for the store's first synchronisation with Redis. The store retries a failed connection
 * for ever; a busy machine may time out a first attempt or two, but a Redis that still cannot be
 * used {@link redisPatienceMs} after the first failure (refused, not Redis, a password it wants)
 * fails the process, with the last failure, instead of keeping the drill waiting for ever.
 */
function firstSync(store: ReturnType<typeof createRedisHealthStore>, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let last = '';
    let giveUp: ReturnType<typeof setTimeout> | undefined;
    store.on('sync-error', ({ message }) => {
      last = message;
      giveUp ??= setTimeout(() => {
        settled = true;
        reject(
          new Error(
            `Redis at ${redactSecrets(url)} could not be used for ${redisPatienceMs / 1000} s (${last}): expected the URL of a running Redis in fleet.redis, or no fleet.redis, to have the drill start a redis-server of its own`,
          ),
        );
      }, redisPatienceMs);
    });
    void store.synced().then(() => {
      if (settled) return;
      settled = true;
      clearTimeout(giveUp);
      resolve();
    });
  });
}

process.once('message', (message: ToMember) => {
  if (message.type !== 'init') return;
  run(message).then(
    () => process.exit(0),
    async (error: unknown) => {
      await sendLast({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    },
  );
});
