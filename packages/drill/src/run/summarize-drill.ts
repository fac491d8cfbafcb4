import type { DecisionRecord } from '@switchyard/core';
import type { AssertionVerdict } from '../assertions/assertion-verdict.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { DrillEvent } from './drill-progress.js';
import type { DrillPhase, DrillResult, DrillTargetFigures } from './drill-result.js';

/**
 * Builds a drill's result from its records: per-target figures, traffic per
 * phase between timeline events, cost, and the verdicts.
 */
export function summarizeDrill(options: {
  scenario: Scenario;
  mode: DrillResult['mode'];
  seed: number;
  records: readonly DecisionRecord[];
  verdicts: readonly AssertionVerdict[];
  events: readonly DrillEvent[];
  counts: DrillResult['counts'];
  startMs: number;
  simulatedMs: number;
  realMs: number;
  stopped?: DrillResult['stopped'];
  lostExamples?: readonly string[];
  eventLoop?: DrillResult['eventLoop'];
}): DrillResult {
  const { scenario, records } = options;
  const targets: Record<
    string,
    { served: number; attempts: number; failedAttempts: number; costUsd: number }
  > = {};
  for (const target of scenario.config.targets)
    targets[target.id] = { served: 0, attempts: 0, failedAttempts: 0, costUsd: 0 };
  let costUsd = 0;
  let wastedCostUsd = 0;
  const boundaries = [...new Set(scenario.timeline.map((event) => event.at))]
    .sort((a, b) => a - b)
    .filter((at) => at > 0);
  const phases: {
    fromMs: number;
    label: string;
    requests: number;
    served: number;
    servedBy: Record<string, number>;
    fellBack: number;
  }[] = [{ fromMs: 0, label: 'start', requests: 0, served: 0, servedBy: {}, fellBack: 0 }];
  for (const at of boundaries) {
    const labels = scenario.timeline
      .filter((event) => event.at === at)
      .map((event) => event.label ?? event.type);
    phases.push({ fromMs: at, label: labels.join(' + '), requests: 0, served: 0, servedBy: {}, fellBack: 0 });
  }
  for (const record of records) {
    costUsd += record.totals.costUsd;
    wastedCostUsd += record.totals.wastedCostUsd;
    for (const attempt of record.attempts) {
      const figures = targets[attempt.targetId];
      if (!figures) continue;
      figures.attempts++;
      figures.costUsd += attempt.costUsd;
      if (attempt.outcome !== 'success') figures.failedAttempts++;
    }
    if (record.servedBy !== null) {
      const figures = targets[record.servedBy];
      if (figures) figures.served++;
    }
    const offset = Date.parse(record.time) - options.startMs;
    let phase = phases[0] as (typeof phases)[number];
    for (const candidate of phases) if (candidate.fromMs <= offset) phase = candidate;
    phase.requests++;
    if (record.totals.fallbackDepth > 0) phase.fellBack++;
    if (record.servedBy !== null) {
      phase.served++;
      phase.servedBy[record.servedBy] = (phase.servedBy[record.servedBy] ?? 0) + 1;
    }
  }
  const passed = options.stopped === undefined && options.verdicts.every((verdict) => verdict.passed);
  return {
    name: scenario.name,
    mode: options.mode,
    seed: options.seed,
    passed,
    ...(options.stopped ? { stopped: options.stopped } : {}),
    verdicts: options.verdicts,
    counts: options.counts,
    costUsd,
    wastedCostUsd,
    targets: targets as Record<string, DrillTargetFigures>,
    phases: phases as DrillPhase[],
    events: options.events,
    simulatedMs: options.simulatedMs,
    realMs: options.realMs,
    ...(options.eventLoop ? { eventLoop: options.eventLoop } : {}),
    records,
  };
}
