import type { RequestContext } from '@switchyard/core';
import type { Scenario } from '../scenario/scenario-schema.js';
import { seededRandom } from './seeded-random.js';

/** One request of a drill's workload. */
export interface PlannedRequest {
  /** 0-based index, in sending order. */
  readonly index: number;
  /** When to send it, in simulated ms from the start (open loop); `undefined` in concurrency mode. */
  readonly offsetMs: number | undefined;
  /** Who asks. */
  readonly context: RequestContext;
  /** Streamed (`doStream`) or not (`doGenerate`). */
  readonly stream: boolean;
  /** Whether the request carries a tool. */
  readonly tools: boolean;
  /** Prompt size in tokens. */
  readonly promptTokens: number;
  /** Maximum output tokens. */
  readonly outputTokens: number;
}

type Weighted = { keys: string[]; cumulative: number[]; total: number };

function weighted(weights: Readonly<Record<string, number>> | undefined): Weighted | undefined {
  if (weights === undefined) return undefined;
  const keys: string[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [key, weight] of Object.entries(weights)) {
    if (weight <= 0) continue;
    total += weight;
    keys.push(key);
    cumulative.push(total);
  }
  return { keys, cumulative, total };
}

function pick(table: Weighted, random: () => number): string {
  const value = random() * table.total;
  for (let index = 0; index < table.cumulative.length; index++) {
    if (value < (table.cumulative[index] as number)) return table.keys[index] as string;
  }
  return table.keys[table.keys.length - 1] as string;
}

function between(range: { min: number; max: number }, random: () => number): number {
  return range.min === range.max ? range.min : range.min + Math.floor(random() * (range.max - range.min + 1));
}

/**
 * Plans a scenario's workload lazily, one request at a time: every request's
 * offset (with `rate`), context drawn from the weighted mix, streaming or
 * not, tools or not, and sizes. Deterministic for a given seed; memory does
 * not grow with `total`.
 *
 * @param options.workload the scenario's workload.
 * @param options.seed PRNG seed (default 1).
 * @returns the requests in sending order.
 *
 * @example
 * ```ts
 * for (const request of workloadRequests({ workload: scenario.workload, seed: 7 })) send(request);
 * ```
 */
export function* workloadRequests(options: {
  workload: Scenario['workload'];
  seed?: number;
}): Generator<PlannedRequest, void, undefined> {
  const { workload } = options;
  const random = seededRandom(options.seed ?? 1);
  const jurisdictions = weighted(workload.mix.jurisdictions) as Weighted;
  const dataClasses = weighted(workload.mix.dataClasses);
  const tenants = weighted(workload.mix.tenants);
  let offset = 0;
  for (let index = 0; index < workload.total; index++) {
    let offsetMs: number | undefined;
    if (workload.rate !== undefined) {
      const gap = 1000 / workload.rate;
      offsetMs = offset;
      offset += workload.arrival === 'poisson' ? -Math.log(1 - random()) * gap : gap;
    }
    const context: RequestContext = { jurisdiction: pick(jurisdictions, random) };
    if (dataClasses) context.dataClass = pick(dataClasses, random);
    if (tenants) context.tenant = pick(tenants, random);
    yield {
      index,
      offsetMs,
      context,
      stream: random() < workload.streaming,
      tools: random() < workload.tools,
      promptTokens: between(workload.promptTokens, random),
      outputTokens: between(workload.outputTokens, random),
    };
  }
}

/**
 * Plans a scenario's whole workload at once (see {@link workloadRequests},
 * which a drill uses so memory does not grow with `total`).
 *
 * @param options.workload the scenario's workload.
 * @param options.seed PRNG seed (default 1).
 * @returns the requests in sending order.
 *
 * @example
 * ```ts
 * const requests = planWorkload({ workload: scenario.workload, seed: 7 });
 * ```
 */
export function planWorkload(options: { workload: Scenario['workload']; seed?: number }): PlannedRequest[] {
  return [...workloadRequests(options)];
}
