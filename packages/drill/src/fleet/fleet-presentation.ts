import { compareText } from '@switchyard/core';
import type { ReportPresentation, ReportTable } from '@switchyard/report';
import { offsetToTheMs } from '../run/played-event.js';
import { drillPresentation } from '../run/write-drill-results.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { FleetDrillResult } from './fleet-drill-result.js';
import type { FleetCutoffFigures } from './fleet-figures.js';

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A cut-off's name: `openai-gpt for everyone`, `openai-gpt for DE callers`. */
export const cutoffName = (cutoff: Pick<FleetCutoffFigures, 'targetId' | 'scope'>) =>
  `${cutoff.targetId} ${cutoff.scope === '*' ? 'for everyone' : `for ${cutoff.scope} callers`}`;

/** How one process learnt of a cut-off: detected it itself, got the news, or never knew. */
export function learntText(cutoff: FleetCutoffFigures, process: string): string {
  if (cutoff.firstDetection.by === process)
    return `first to detect it, at ${offsetToTheMs(cutoff.firstDetection.atMs)}`;
  const news = cutoff.propagation.find((entry) => entry.process === process);
  const itself = cutoff.detectedBy.includes(process) ? 'detected it itself, then ' : '';
  if (news !== undefined) return `${itself}news after ${ms(news.afterMs)}`;
  return cutoff.detectedBy.includes(process)
    ? 'detected it itself; the news never came'
    : 'never learnt of it';
}

/** What one process routed, as table cells: process, requests, served, failed, attempts, attempts on a cut-off. */
export function processCells(result: FleetDrillResult, process: string): string[] {
  const figures = result.byProcess[process];
  return [
    process,
    String(figures?.requests ?? 0),
    String(figures?.served ?? 0),
    String(figures?.failed ?? 0),
    String(figures?.attempts ?? 0),
    String(figures?.cutoffAttempts ?? 0),
  ];
}

/** The fleet's tables: each process's traffic, and how each cut-off reached each process. */
export function fleetSections(result: FleetDrillResult): ReportTable[] {
  const processes: ReportTable = {
    id: 'processes',
    title: 'Router processes (the workload shared between them)',
    head: ['Process', 'Requests', 'Served', 'Failed', 'Attempts', 'Attempts on a cut-off', 'Event loop p99'],
    rows: result.processes.map((process) => {
      const loop = result.eventLoops[process];
      return [...processCells(result, process), loop === undefined ? '-' : ms(loop.p99Ms)];
    }),
    numeric: [1, 2, 3, 4, 5, 6],
  };
  const cutoffs: ReportTable = {
    id: 'fleet-cutoffs',
    title: 'Cut-offs across the fleet (who detected each, when the news reached each process, what it cost)',
    head: ['Cut-off', 'Process', 'Learnt', 'Wasted attempts', 'Of which after the first detection'],
    rows: result.cutoffs.flatMap((cutoff) =>
      [...result.processes]
        .sort((a, b) => compareText(a, b))
        .map((process) => [
          cutoffName(cutoff),
          process,
          learntText(cutoff, process),
          String(cutoff.wasted[process] ?? 0),
          String(cutoff.wastedAfterFirstDetection[process] ?? 0),
        ]),
    ),
    numeric: [3, 4],
  };
  return [processes, ...(result.cutoffs.length > 0 ? [cutoffs] : [])];
}

/**
 * What a fleet drill adds to its report: a single drill's presentation of the
 * combined records (verdict, phases, warnings), with the fleet's assertions
 * first among the verdict's checks, the processes that failed among its
 * failures, and the fleet's tables after the drill's.
 */
export function fleetPresentation(result: FleetDrillResult, scenario: Scenario): ReportPresentation {
  const drill = drillPresentation(result, scenario);
  const verdict = drill.verdict ?? { passed: result.passed, checks: [] };
  return {
    ...drill,
    verdict: {
      passed: result.passed,
      checks: [
        ...result.fleetVerdicts.map((fleetVerdict) => ({
          name: fleetVerdict.name,
          passed: fleetVerdict.passed,
          summary: fleetVerdict.detail,
        })),
        ...verdict.checks,
      ],
      failures: [...(verdict.failures ?? []), ...result.processFailures],
    },
    sections: [...(drill.sections ?? []), ...fleetSections(result)],
  };
}
