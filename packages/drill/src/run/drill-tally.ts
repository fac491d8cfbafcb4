import { attemptReachedCaller, type DecisionRecord, roundUsd, type Target } from '@switchyard/core';
import { formatOffset } from '@switchyard/report';
import { eventName, type TimelineAction } from '../timeline/expand-timeline.js';
import type { DrillEvent } from './drill-progress.js';
import type {
  DrillFigures,
  DrillJurisdictionFigures,
  DrillPhase,
  DrillTargetFigures,
} from './drill-result.js';

/** Whether a target is local open weights: open weights hosted on your own premises. */
export function isLocalOpenWeights(target: Pick<Target, 'hostedIn' | 'weights'>): boolean {
  return target.hostedIn === 'self' && target.weights === 'open';
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** p50/p90/p99 of exact samples (sorted in place). */
function latencyOf(samples: number[]): DrillFigures['latencyMs'] {
  samples.sort((a, b) => a - b);
  return {
    count: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
  };
}

interface MutablePhase {
  fromMs: number;
  toMs: number;
  label: string;
  requests: number;
  served: number;
  fellBack: number;
  servedBy: Record<string, number>;
}

interface MutableJurisdiction {
  requests: number;
  served: number;
  failed: number;
  fellBack: number;
  toLocal: number;
  costUsd: number;
  servedBy: Record<string, number>;
  latency: number[];
}

/**
 * A drill's figures, accumulated one record at a time (memory bounded by
 * targets, jurisdictions, phases and one latency number per request): per
 * target (cost served and wasted, local open weights labelled), per caller
 * jurisdiction, per phase (phases are bounded by every event's start and,
 * for windowed events, its end), and in total.
 */
export class DrillTally {
  readonly #startMs: number;
  readonly #targets = new Map<string, { -readonly [K in keyof DrillTargetFigures]: DrillTargetFigures[K] }>();
  readonly #phases: MutablePhase[];
  readonly #jurisdictions = new Map<string, MutableJurisdiction>();
  #costUsd = 0;
  #wastedCostUsd = 0;
  #toLocal = 0;
  #requests = 0;
  readonly #local: ReadonlySet<string>;

  /**
   * @param options.targets the drilled targets, in the config's order.
   * @param options.actions the timeline's actions (`expandTimeline`): each offset > 0 opens a phase.
   * @param options.ruleDates the instants a rule's `effective` or `expires` date passes (`ruleDateEvents`):
   *   each opens a phase too, as the events of the summary they are.
   * @param options.startMs epoch ms of offset 0.
   */
  constructor(options: {
    targets: readonly Target[];
    actions: readonly TimelineAction[];
    ruleDates?: readonly Pick<DrillEvent, 'atMs' | 'description'>[];
    startMs: number;
  }) {
    this.#startMs = options.startMs;
    this.#local = new Set(options.targets.filter(isLocalOpenWeights).map((target) => target.id));
    for (const target of options.targets)
      this.#targets.set(target.id, {
        served: 0,
        attempts: 0,
        failedAttempts: 0,
        costUsd: 0,
        wastedCostUsd: 0,
        localOpenWeights: this.#local.has(target.id),
      });
    const ruleDates = options.ruleDates ?? [];
    const labelAt = (at: number) =>
      [
        ...options.actions
          .filter((action) => action.atMs === at)
          .map((action) => {
            const name = eventName(action.event);
            // An unlabelled event's end also says when it began: two such windows read apart.
            const began = action.event.label === undefined ? ` (from ${formatOffset(action.event.at)})` : '';
            return action.phase === 'end' ? `${name}${began} ends` : name;
          }),
        ...ruleDates.filter((date) => date.atMs === at).map((date) => date.description),
      ].join(' + ');
    // The events at offset 0 name the first phase: it is theirs, not a quiet start before them.
    const first = options.actions.some((action) => action.atMs === 0) ? labelAt(0) : 'start';
    this.#phases = [
      {
        fromMs: 0,
        toMs: Number.POSITIVE_INFINITY,
        label: first,
        requests: 0,
        served: 0,
        fellBack: 0,
        servedBy: {},
      },
    ];
    const offsets = [...new Set([...options.actions, ...ruleDates].map((each) => each.atMs))]
      .filter((at) => at > 0)
      .sort((a, b) => a - b);
    for (const at of offsets) {
      const previous = this.#phases.at(-1) as MutablePhase;
      previous.toMs = at;
      this.#phases.push({
        fromMs: at,
        toMs: Number.POSITIVE_INFINITY,
        label: labelAt(at),
        requests: 0,
        served: 0,
        fellBack: 0,
        servedBy: {},
      });
    }
  }

  /** Adds one record. */
  add(record: DecisionRecord): void {
    this.#requests++;
    const { totals, servedBy } = record;
    this.#costUsd += totals.costUsd;
    this.#wastedCostUsd += totals.wastedCostUsd;
    for (const attempt of record.attempts) {
      const figures = this.#targets.get(attempt.targetId);
      if (!figures) continue;
      figures.attempts++;
      figures.costUsd += attempt.costUsd;
      // The records' rule: output the caller received (a continued stream's start included) is not waste.
      if (!attemptReachedCaller(attempt, servedBy)) figures.wastedCostUsd += attempt.costUsd;
      if (attempt.outcome !== 'success') figures.failedAttempts++;
    }
    if (servedBy !== null) {
      const figures = this.#targets.get(servedBy);
      if (figures) figures.served++;
    }
    const toLocal = servedBy !== null && this.#local.has(servedBy);
    if (toLocal) this.#toLocal++;
    const offset = Date.parse(record.time) - this.#startMs;
    let phase = this.#phases[0] as MutablePhase;
    for (const candidate of this.#phases) if (candidate.fromMs <= offset) phase = candidate;
    phase.requests++;
    if (totals.fallbackDepth > 0) phase.fellBack++;
    if (servedBy !== null) {
      phase.served++;
      phase.servedBy[servedBy] = (phase.servedBy[servedBy] ?? 0) + 1;
    }
    const code = record.context.jurisdiction ?? '(none)';
    let jurisdiction = this.#jurisdictions.get(code);
    if (jurisdiction === undefined) {
      jurisdiction = {
        requests: 0,
        served: 0,
        failed: 0,
        fellBack: 0,
        toLocal: 0,
        costUsd: 0,
        servedBy: {},
        latency: [],
      };
      this.#jurisdictions.set(code, jurisdiction);
    }
    jurisdiction.requests++;
    jurisdiction.costUsd += totals.costUsd;
    if (totals.fallbackDepth > 0) jurisdiction.fellBack++;
    if (servedBy === null) jurisdiction.failed++;
    else {
      jurisdiction.served++;
      jurisdiction.servedBy[servedBy] = (jurisdiction.servedBy[servedBy] ?? 0) + 1;
      jurisdiction.latency.push(totals.latencyMs);
      if (toLocal) jurisdiction.toLocal++;
    }
  }

  /**
   * The figures so far.
   *
   * @param endMs offset of the drill's end: the last phase ends there.
   */
  figures(endMs: number): DrillFigures {
    // A phase that would open at or after the drill's end (an event's end, or a rule's date, past
    // the last request) saw nothing: it is left out, and the phase before it ends with the drill.
    // One that opens exactly at the end holds the requests sent at that instant (an event at the
    // last request of a workload whose answers take no time): it stays, ending where it begins.
    const inDrill = this.#phases.filter(
      (phase, index) => index === 0 || phase.fromMs < endMs || phase.requests > 0,
    );
    const phases: DrillPhase[] = inDrill.map((phase, index) => ({
      ...phase,
      toMs: index === inDrill.length - 1 ? Math.max(endMs, phase.fromMs) : phase.toMs,
      servedBy: { ...phase.servedBy },
    }));
    const jurisdictions: Record<string, DrillJurisdictionFigures> = {};
    // Every served request's latency is in its jurisdiction's samples: the drill's are all of them
    // (kept once, not twice, over a long drill; sorted, their order does not matter).
    const served: number[] = [];
    for (const figures of this.#jurisdictions.values()) for (const ms of figures.latency) served.push(ms);
    for (const code of [...this.#jurisdictions.keys()].sort()) {
      const figures = this.#jurisdictions.get(code) as MutableJurisdiction;
      const { latency, ...counts } = figures;
      jurisdictions[code] = {
        ...counts,
        costUsd: roundUsd(counts.costUsd),
        servedBy: { ...counts.servedBy },
        latencyMs: latencyOf([...latency]),
      };
    }
    const targets: Record<string, DrillTargetFigures> = {};
    for (const [id, figures] of this.#targets)
      targets[id] = {
        ...figures,
        costUsd: roundUsd(figures.costUsd),
        wastedCostUsd: roundUsd(figures.wastedCostUsd),
      };
    return {
      requests: this.#requests,
      costUsd: roundUsd(this.#costUsd),
      wastedCostUsd: roundUsd(this.#wastedCostUsd),
      toLocalOpenWeights: this.#toLocal,
      latencyMs: latencyOf(served),
      targets,
      jurisdictions,
      phases,
    };
  }
}
