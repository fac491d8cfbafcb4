import { formatDuration } from '../scenario/duration-schema.js';
import type { DrillResult } from './drill-result.js';

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`);

function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, cell.length);
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Formats a drill's result for people: what happened at each event, traffic
 * per phase, per target, and every assertion's verdict.
 *
 * @returns plain text (no colour codes).
 */
export function formatDrillSummary(result: DrillResult): string {
  const lines: string[] = [];
  const { counts } = result;
  lines.push(
    `Drill "${result.name}" (${result.mode}, seed ${result.seed}): ${formatDuration(result.simulatedMs)} simulated in ${(result.realMs / 1000).toFixed(1)} s`,
  );
  if (result.stopped) lines.push(`Stopped early: ${result.stopped}`);
  const loop = result.eventLoop;
  if (loop?.fellBehind) {
    lines.push(
      `Warning: this machine fell behind the time scale: event-loop delay p99 ${loop.delayP99Ms} ms real, ${(loop.simulatedDelayP99Ms / 1000).toFixed(1)} s simulated at ${loop.timeScale}x. Latencies, timeouts and event instants are distorted by that much; rerun with --time-scale ${loop.suggestedTimeScale ?? 1} or on a less busy machine.`,
    );
  }
  lines.push(
    `${counts.sent}/${counts.planned} sent, ${counts.served} served (${pct(counts.served, counts.sent)}), ${counts.failed} failed, ${counts.lost} lost; ${counts.attempts} attempts, ${counts.fallbacks} fell back; cost $${result.costUsd.toFixed(4)} (wasted $${result.wastedCostUsd.toFixed(4)})`,
  );
  lines.push('', 'What happened');
  if (result.events.length === 0) lines.push('  (no events)');
  for (const event of result.events) {
    lines.push(
      `  ${`+${formatDuration(event.atMs)}`.padStart(8)}  ${event.source === 'router' ? '  -> ' : ''}${event.description}`,
    );
  }
  lines.push('', 'Traffic per phase');
  const phaseRows: string[][] = [['from', 'phase', 'requests', 'served', 'fell back', 'served by']];
  for (const phase of result.phases) {
    const by = Object.entries(phase.servedBy)
      .sort((a, b) => b[1] - a[1])
      .map(([id, count]) => `${id} ${pct(count, phase.served)}`)
      .join(', ');
    phaseRows.push([
      `+${formatDuration(phase.fromMs)}`,
      phase.label,
      String(phase.requests),
      pct(phase.served, phase.requests),
      String(phase.fellBack),
      by || '-',
    ]);
  }
  lines.push(table(phaseRows).replace(/^/gm, '  '));
  lines.push('', 'Targets');
  const targetRows: string[][] = [['target', 'served', 'attempts', 'failed attempts', 'cost USD']];
  for (const [id, figures] of Object.entries(result.targets)) {
    targetRows.push([
      id,
      String(figures.served),
      String(figures.attempts),
      String(figures.failedAttempts),
      figures.costUsd.toFixed(4),
    ]);
  }
  lines.push(table(targetRows).replace(/^/gm, '  '));
  lines.push('', 'Assertions');
  for (const verdict of result.verdicts) {
    lines.push(`  ${verdict.passed ? 'PASS' : 'FAIL'}  ${verdict.name}: ${verdict.summary}`);
  }
  const failed = result.verdicts.filter((verdict) => !verdict.passed).length;
  lines.push(
    '',
    result.passed
      ? `PASSED: all ${result.verdicts.length} assertions hold`
      : `FAILED: ${failed} of ${result.verdicts.length} assertions do not hold${result.stopped ? `, and the run was stopped (${result.stopped})` : ''}`,
  );
  const files = result.files;
  if (files) {
    lines.push(
      `Records: ${files.records}`,
      `Events: ${files.events}`,
      `Summary: ${files.summaryJson}, ${files.summaryText}`,
    );
    if (result.reportError) lines.push(`Report: not written: ${result.reportError}`);
    else if (files.reportHtml) {
      const others = [files.reportMarkdown, files.reportJson].filter(Boolean).join(', ');
      if (others) lines.push(`Report: ${others}`);
      // Last, so a script (or a newcomer) finds it at the end of the output.
      lines.push(`HTML report: ${files.reportHtml}`);
    }
  }
  return lines.join('\n');
}
