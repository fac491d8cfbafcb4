import { roundUsd } from '@switchyard/core';
import type { ReplayHealth } from './replay-candidates.js';
import type { BadRecordLine } from './replay-task.js';
import type { WhatIfKind, WhatIfOutcome } from './what-if.js';

/** Counts and costs of one group of records under the other config. */
export interface WhatIfGroup {
  records: number;
  asWas: number;
  elsewhere: number;
  denied: number;
  failed: number;
  /** What the records cost (observed), USD. */
  costWasUsd: number;
  /** Cost under the other config whose every part was observed, USD. */
  costObservedUsd: number;
  /** Cost under the other config that rests on an estimate (another target's price, a target never called), USD. */
  costEstimatedUsd: number;
  /** Records whose cost under the other config cannot be known. */
  costUnknowable: number;
  /** `local-only`: attempts this process alone would have sent to targets the fleet had set aside (estimated to fail). */
  wastedAttempts: number;
}

/** The what-if over many records: totals, by route, jurisdiction and tenant, moves and rules. */
export interface WhatIfSummaryData {
  /** The other config (a file name), the instant decided at (null: each record's own) and the health replayed. */
  readonly config: string;
  readonly at: string | null;
  readonly health: ReplayHealth;
  readonly total: WhatIfGroup;
  readonly byRoute: Record<string, WhatIfGroup>;
  readonly byJurisdiction: Record<string, WhatIfGroup>;
  readonly byTenant: Record<string, WhatIfGroup>;
  /** `from -> to` (a target, `(failed)` or `(denied)`) -> records. */
  readonly moves: Record<string, number>;
  /** Rule id -> records it made a difference for. */
  readonly rules: Record<string, number>;
  /** The first records that changed, in file order (at most `maxExamples`). */
  readonly examples: WhatIfOutcome[];
  /** Lines that were not decision records. */
  badLines: number;
  /** The first of them (at most `maxExamples`): file, line and what is wrong. */
  readonly badLineSamples: BadRecordLine[];
}

const kinds: Record<WhatIfKind, 'asWas' | 'elsewhere' | 'denied' | 'failed'> = {
  'as-was': 'asWas',
  elsewhere: 'elsewhere',
  denied: 'denied',
  failed: 'failed',
};

function emptyGroup(): WhatIfGroup {
  return {
    records: 0,
    asWas: 0,
    elsewhere: 0,
    denied: 0,
    failed: 0,
    costWasUsd: 0,
    costObservedUsd: 0,
    costEstimatedUsd: 0,
    costUnknowable: 0,
    wastedAttempts: 0,
  };
}

function addTo(group: WhatIfGroup, outcome: WhatIfOutcome): void {
  group.records++;
  group[kinds[outcome.kind]]++;
  group.costWasUsd += outcome.was.costUsd;
  const cost = outcome.costUsd;
  if (cost.basis === 'unknowable' || cost.value === null) group.costUnknowable++;
  else if (cost.basis === 'observed') group.costObservedUsd += cost.value;
  else group.costEstimatedUsd += cost.value;
  group.wastedAttempts += outcome.wastedAttempts?.length ?? 0;
}

function mergeGroup(into: WhatIfGroup, from: WhatIfGroup): void {
  for (const key of Object.keys(into) as (keyof WhatIfGroup)[]) into[key] += from[key];
}

/**
 * The own entry `key` of a map read from records (a tenant, a route, a rule
 * id), whatever its name: `constructor` is not the object's, and
 * `__proto__` becomes a key, not the map's prototype.
 */
function ownIn<T>(map: Record<string, T>, key: string, create: () => T): T {
  if (Object.hasOwn(map, key)) return map[key] as T;
  const value = create();
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}

function groupIn(groups: Record<string, WhatIfGroup>, key: string): WhatIfGroup {
  return ownIn(groups, key, emptyGroup);
}

function roundedGroup(group: WhatIfGroup): WhatIfGroup {
  return {
    ...group,
    costWasUsd: roundUsd(group.costWasUsd),
    costObservedUsd: roundUsd(group.costObservedUsd),
    costEstimatedUsd: roundUsd(group.costEstimatedUsd),
  };
}

function roundedGroups(groups: Record<string, WhatIfGroup>): Record<string, WhatIfGroup> {
  const rounded: Record<string, WhatIfGroup> = {};
  for (const [key, group] of Object.entries(groups)) ownIn(rounded, key, () => roundedGroup(group));
  return rounded;
}

/** Adds `by` to the count of `key` (own keys only, as {@link ownIn}). */
function countIn(counts: Record<string, number>, key: string, by: number): void {
  counts[key] = ownIn(counts, key, () => 0) + by;
}

/**
 * Adds up what-if outcomes, in constant memory (a few examples kept): by
 * outcome, by route, caller jurisdiction and tenant, with the cost each
 * group had and would have (observed and estimated apart), where the
 * traffic moves and which rules made the difference. Summaries of parts
 * (worker threads) merge.
 */
export class WhatIfSummary {
  readonly #data: WhatIfSummaryData;
  readonly #maxExamples: number;

  constructor(options: { config: string; at: string | null; health: ReplayHealth; maxExamples?: number }) {
    this.#maxExamples = options.maxExamples ?? 50;
    this.#data = {
      config: options.config,
      at: options.at,
      health: options.health,
      total: emptyGroup(),
      byRoute: {},
      byJurisdiction: {},
      byTenant: {},
      moves: {},
      rules: {},
      examples: [],
      badLines: 0,
      badLineSamples: [],
    };
  }

  /** Adds one record's outcome. */
  add(outcome: WhatIfOutcome): void {
    const data = this.#data;
    addTo(data.total, outcome);
    addTo(groupIn(data.byRoute, outcome.route), outcome);
    addTo(groupIn(data.byJurisdiction, outcome.context.jurisdiction ?? '(none)'), outcome);
    addTo(groupIn(data.byTenant, outcome.context.tenant ?? '(none)'), outcome);
    if (outcome.kind === 'as-was') return;
    const to = outcome.servedBy.value ?? (outcome.kind === 'denied' ? '(denied)' : '(failed)');
    const move = `${outcome.was.servedBy ?? '(failed)'} -> ${to}`;
    countIn(data.moves, move, 1);
    for (const rule of outcome.rules) countIn(data.rules, rule, 1);
    if (data.examples.length < this.#maxExamples) data.examples.push(outcome);
  }

  /** Counts a line that was not a decision record, keeping the first ones with where they are. */
  addBadLine(bad: BadRecordLine): void {
    this.#data.badLines++;
    if (this.#data.badLineSamples.length < this.#maxExamples) this.#data.badLineSamples.push(bad);
  }

  /**
   * Adds a summary of another part (its examples come after this one's).
   *
   * @param options.lineOffset lines of its file before the part (a worker thread's range), added to its bad lines' numbers.
   */
  merge(other: WhatIfSummaryData, options: { lineOffset?: number } = {}): void {
    const data = this.#data;
    mergeGroup(data.total, other.total);
    for (const [name, groups] of [
      ['byRoute', other.byRoute],
      ['byJurisdiction', other.byJurisdiction],
      ['byTenant', other.byTenant],
    ] as const)
      for (const [key, group] of Object.entries(groups)) mergeGroup(groupIn(data[name], key), group);
    for (const [key, count] of Object.entries(other.moves)) countIn(data.moves, key, count);
    for (const [key, count] of Object.entries(other.rules)) countIn(data.rules, key, count);
    for (const example of other.examples)
      if (data.examples.length < this.#maxExamples) data.examples.push(example);
    data.badLines += other.badLines;
    for (const bad of other.badLineSamples)
      if (data.badLineSamples.length < this.#maxExamples)
        data.badLineSamples.push({ ...bad, line: bad.line + (options.lineOffset ?? 0) });
  }

  /**
   * The summary as plain JSON, its USD sums without the floating-point noise
   * of their additions (`roundUsd`, as the report's): the same figures
   * whatever the order the records were added in, or the worker threads.
   */
  toJSON(): WhatIfSummaryData {
    const data = this.#data;
    return {
      ...data,
      total: roundedGroup(data.total),
      byRoute: roundedGroups(data.byRoute),
      byJurisdiction: roundedGroups(data.byJurisdiction),
      byTenant: roundedGroups(data.byTenant),
    };
  }
}
