import { terminalSafe } from '@switchyard/core';
import { assertionCountWords } from '@switchyard/report';
import {
  drillActivityLines,
  drillFilesLines,
  drillNoticeLines,
  summaryTable,
} from '../run/format-drill-summary.js';
import { offsetToTheMs } from '../run/played-event.js';
import type { FleetDrillResult } from './fleet-drill-result.js';
import { cutoffName, processCells } from './fleet-presentation.js';

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The fleet drill's summary, verdict first: the verdicts (the fleet's, then
 * the scenario's), then each cut-off (who detected it first and when, how
 * long it took to reach every process, the attempts it cost per process),
 * what each process routed, then what a single drill's summary shows of the
 * combined records (what happened, traffic per phase, callers by
 * jurisdiction, targets) and where the files went.
 */
export function formatFleetSummary(result: FleetDrillResult): string {
  const lines: string[] = [];
  const all = [
    ...result.verdicts.map((verdict) => verdict.passed),
    ...result.fleetVerdicts.map((verdict) => verdict.passed),
  ];
  const failed = all.filter((passed) => !passed).length;
  lines.push(
    result.passed
      ? `PASSED: ${assertionCountWords(all.length, 0)} (fleet of ${result.processes.length} processes)`
      : `FAILED: ${assertionCountWords(all.length, failed)}${result.processFailures.length > 0 ? `; ${result.processFailures.length} process(es) failed` : ''}${result.stopped ? `; the run was stopped (${result.stopped})` : ''}${result.unplayed ? `; ${result.unplayed.length} timeline event(s) never played` : ''}${result.recordsError ? '; the records were not all written' : ''}`,
  );
  const lateness = Object.values(result.eventLoops).map((loop) => loop.p99Ms);
  const worstLag = lateness.length === 0 ? 0 : Math.max(...lateness);
  if (worstLag > 20) {
    lines.push(
      `warning: the router processes' event loops ran up to ${ms(worstLag)} late (p99): this machine could not keep up with the workload, and every figure below carries that delay; lower the rate or the processes`,
    );
  }
  lines.push(
    `Fleet drill ${result.name}: ${result.processes.length} router processes sharing health through Redis, real time x${result.timeScale}, ${(result.realMs / 1000).toFixed(1)} s`,
  );
  if (lateness.length > 0) {
    lines.push(
      `Event loop delay p99 per process: ${Object.entries(result.eventLoops)
        .map(([process, loop]) => `${process} ${loop.p99Ms.toFixed(1)}`)
        .join(', ')} ms`,
    );
  }
  lines.push(
    `Requests: ${result.counts.sent} sent, ${result.counts.served} served, ${result.counts.failed} failed, ${result.counts.lost} lost`,
  );
  lines.push(...drillNoticeLines(result));
  lines.push('');
  lines.push('Fleet assertions:');
  for (const verdict of result.fleetVerdicts)
    lines.push(`  ${verdict.passed ? 'ok  ' : 'FAIL'} ${verdict.name}: ${verdict.detail}`);
  lines.push('Assertions:');
  for (const verdict of result.verdicts)
    lines.push(`  ${verdict.passed ? 'ok  ' : 'FAIL'} ${verdict.name}: ${verdict.summary}`);
  for (const failure of result.processFailures) lines.push(`  FAIL ${failure}`);
  lines.push('');
  lines.push('Cut-offs (who detected what, and when each process knew):');
  if (result.cutoffs.length === 0) lines.push('  none detected');
  for (const cutoff of result.cutoffs) {
    const sorted = cutoff.propagation.map((entry) => entry.afterMs).sort((a, b) => a - b);
    const counts = (record: Readonly<Record<string, number>>) =>
      Object.entries(record).length === 0
        ? '0'
        : Object.entries(record)
            .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
            .map(([process, count]) => `${process} ${count}`)
            .join(', ');
    const others = cutoff.detectedBy.filter((by) => by !== cutoff.firstDetection.by);
    lines.push(
      `  ${cutoffName(cutoff)}: first detected by ${cutoff.firstDetection.by} at ${offsetToTheMs(cutoff.firstDetection.atMs)}` +
        (others.length > 0 ? ` (also detected by ${others.join(', ')} before the news reached them)` : ''),
    );
    lines.push(
      `    news reached ${sorted.length} of ${result.processes.length - 1} other processes: ${sorted.length === 0 ? '-' : `p50 ${ms(sorted[Math.floor((sorted.length - 1) / 2)] as number)}, max ${ms(sorted.at(-1) as number)}`}` +
        (cutoff.neverLearnt.length > 0 ? `; never reached ${cutoff.neverLearnt.join(', ')}` : ''),
    );
    lines.push(
      `    wasted attempts started after the first detection: ${counts(cutoff.wastedAfterFirstDetection)}; in all (in flight at the ban included): ${counts(cutoff.wasted)}`,
    );
    lines.push(
      `    attempts after the first detection: ${cutoff.attemptsAfterFirstDetection}; by a process that already knew: ${cutoff.attemptsAfterLearning}`,
    );
    for (const entry of [...cutoff.propagation].sort((a, b) => a.afterMs - b.afterMs)) {
      lines.push(`      ${entry.process.padEnd(4)} news after ${ms(entry.afterMs)}`);
    }
  }
  lines.push('', 'Router processes');
  const rows = [['process', 'requests', 'served', 'failed', 'attempts', 'on a cut-off']];
  for (const process of result.processes) rows.push(processCells(result, process));
  lines.push(summaryTable(rows));
  lines.push(...drillActivityLines(result), ...drillFilesLines(result));
  // A label from a config (a rule id) may hold an escape sequence: never sent as one.
  return terminalSafe(lines.join('\n'));
}
