import { compareText, terminalSafe } from '@switchyard/core';
import { assertionCountWords, formatOffset, formatSigned } from '@switchyard/report';
import { formatDuration } from '../scenario/duration-schema.js';
import type { BaselineDelta, DrillBaseline } from './compare-baseline.js';
import { clipToWidth, displayWidth } from './display-width.js';
import type { DrillResult } from './drill-result.js';
import { localOpenWeightsMoveText } from './local-open-weights-move-text.js';
import { unendedWarning } from './unended-warning.js';
import { unequalRequestsText } from './unequal-requests-text.js';
import { unmetFaultText } from './unmet-fault-text.js';

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${((part / whole) * 100).toFixed(1)}%`);

/** Rounds away float noise: anything within half a millionth of a cent is zero. */
const clean = (value: number) => (Math.abs(value) < 5e-9 ? 0 : value);
/** USD: `$2.2271`, `$0`. */
export const usd = (value: number) => (clean(value) === 0 ? '$0' : `$${clean(value).toFixed(4)}`);
/** A delta with its sign, `±` when it prints as zero (never `-0.0 pp` or `+$0.0000`). */
const signed = formatSigned;
const ms = (value: number) => `${Math.round(value)} ms`;
/** A percentile of `latency`, or `-` when it timed nothing (no request served): 0 ms would read as instant answers. */
const timed = (latency: { readonly count: number }, value: number) => (latency.count === 0 ? '-' : ms(value));
const points = (value: number) => `${(value * 100).toFixed(1)} pp`;
/** The widest a phase's name gets in the terminal table (columns); What happened lists every label in full. */
const phaseWidth = 60;
/** An offset from the drill's start, as the HTML report shows it too: `+1m30s`. */
const offset = formatOffset;

/** Rows as aligned columns, indented two spaces, control characters written out (a summary's tables). */
export function summaryTable(input: readonly (readonly string[])[]): string {
  // Control characters written out before the columns are measured (see the summary's last line).
  const rows = input.map((row) => row.map(terminalSafe));
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries())
      widths[index] = Math.max(widths[index] ?? 0, displayWidth(cell));
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell + ' '.repeat((widths[index] ?? 0) - displayWidth(cell)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .replace(/^/gm, '  ');
}

function baselineLines(baseline: DrillBaseline, targets: DrillResult['targets']): string[] {
  // A run that served nothing timed nothing: `-`, not 0 ms (and no delta against it).
  const before = { count: baseline.served.baseline };
  const after = { count: baseline.served.drill };
  const latency = (figure: BaselineDelta) =>
    `${timed(before, figure.baseline)} -> ${timed(after, figure.drill)} (${before.count === 0 || after.count === 0 ? '-' : signed(figure.delta, ms)})`;
  const lines = [
    '',
    'Cost of the events (compared with the same workload and seed without the timeline)',
    ...(baseline.requests.delta === 0 ? [] : [`  ${unequalRequestsText(baseline.requests)}`]),
    `  cost ${usd(baseline.costUsd.baseline)} -> ${usd(baseline.costUsd.drill)} (${signed(baseline.costUsd.delta, usd)}), wasted ${signed(baseline.wastedCostUsd.delta, usd)}`,
    `  latency p50 ${latency(baseline.latencyP50Ms)}, p99 ${latency(baseline.latencyP99Ms)}`,
    `  served ${pct(baseline.servedShare.baseline, 1)} -> ${pct(baseline.servedShare.drill, 1)} (${signed(baseline.servedShare.delta, points)}); ${localOpenWeightsMoveText(baseline.toLocalOpenWeights)}`,
  ];
  const rows: string[][] = [['jurisdiction', 'served before', 'served now', 'delta']];
  for (const [code, delta] of Object.entries(baseline.jurisdictions))
    rows.push([code, pct(delta.baseline, 1), pct(delta.drill, 1), signed(delta.delta, points)]);
  lines.push(summaryTable(rows));
  const targetRows: string[][] = [['target', 'share of served before', 'share of served now', 'delta']];
  // A share of the served requests of a run that served none is no share at all.
  const share = (served: number, value: number) => (served === 0 ? '-' : pct(value, 1));
  for (const [id, delta] of Object.entries(baseline.targets))
    targetRows.push([
      targets[id]?.localOpenWeights ? `${id} (local open weights)` : id,
      share(before.count, delta.baseline),
      share(after.count, delta.drill),
      before.count === 0 || after.count === 0 ? '-' : signed(delta.delta, points),
    ]);
  lines.push(summaryTable(targetRows));
  return lines;
}

/**
 * What kept a drill from rehearsing its timeline in full, one line each: stopped early, events that
 * never played, faults no request met, windowed events still in force at the end, records not
 * all written.
 */
export function drillNoticeLines(result: DrillResult): string[] {
  const lines: string[] = [];
  if (result.stopped) lines.push(`Stopped early: ${result.stopped}`);
  // Why the run ended before an event: it was stopped, or every request had settled.
  const ended = result.stopped
    ? `the drill was stopped (${result.stopped}) at ${offset(result.simulatedMs)}`
    : `the drill ended at ${offset(result.simulatedMs)}, when every request had settled (send for longer, or move the event earlier)`;
  for (const event of result.unplayed ?? [])
    lines.push(`Never played: timeline[${event.index}] ${event.label} at ${offset(event.atMs)}: ${ended}`);
  for (const fault of result.unmet ?? []) lines.push(`Never met: ${unmetFaultText(fault)}`);
  for (const event of result.unended ?? []) lines.push(`Warning: ${unendedWarning(event, result)}`);
  if (result.recordsError) lines.push(`Records: ${result.recordsError}`);
  return lines;
}

/**
 * What happened and what it cost: every event at its offset, traffic per phase, callers by
 * jurisdiction, targets, and the cost of the events against the baseline when it was run.
 */
export function drillActivityLines(result: DrillResult): string[] {
  const lines: string[] = [];
  lines.push('', 'What happened');
  if (result.events.length === 0) lines.push('  (no events)');
  for (const event of result.events) {
    const marker = event.source === 'router' ? '  -> ' : event.source === 'policy' ? '  rule ' : '';
    lines.push(
      `  ${offset(event.atMs).padStart(8)}  ${marker}${event.source === 'policy' ? event.description.replace(/^rule /, '') : event.description}`,
    );
  }
  lines.push('', 'Traffic per phase');
  const phaseRows: string[][] = [['from', 'to', 'phase', 'requests', 'served', 'fell back', 'served by']];
  for (const phase of result.phases) {
    const by = Object.entries(phase.servedBy)
      .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
      .map(([id, count]) => `${id} ${pct(count, phase.served)}`)
      .join(', ');
    phaseRows.push([
      offset(phase.fromMs),
      offset(phase.toMs),
      clipToWidth(phase.label, phaseWidth),
      String(phase.requests),
      pct(phase.served, phase.requests),
      String(phase.fellBack),
      by || '-',
    ]);
  }
  lines.push(summaryTable(phaseRows));
  lines.push('', 'Callers by jurisdiction');
  const jurisdictionRows: string[][] = [
    ['jurisdiction', 'requests', 'served', 'fell back', 'to local', 'p50', 'p99', 'cost', 'served by'],
  ];
  for (const [code, figures] of Object.entries(result.jurisdictions)) {
    const by = Object.entries(figures.servedBy)
      .sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))
      .map(([id, count]) => `${id} ${pct(count, figures.served)}`)
      .join(', ');
    jurisdictionRows.push([
      code,
      String(figures.requests),
      pct(figures.served, figures.requests),
      String(figures.fellBack),
      String(figures.toLocal),
      timed(figures.latencyMs, figures.latencyMs.p50),
      timed(figures.latencyMs, figures.latencyMs.p99),
      usd(figures.costUsd),
      by || '-',
    ]);
  }
  lines.push(summaryTable(jurisdictionRows));
  lines.push('', 'Targets');
  const targetRows: string[][] = [['target', 'served', 'attempts', 'failed attempts', 'cost', 'wasted']];
  for (const [id, figures] of Object.entries(result.targets)) {
    targetRows.push([
      figures.localOpenWeights ? `${id} (local open weights)` : id,
      String(figures.served),
      String(figures.attempts),
      String(figures.failedAttempts),
      usd(figures.costUsd),
      usd(figures.wastedCostUsd),
    ]);
  }
  lines.push(summaryTable(targetRows));
  if (result.baseline) lines.push(...baselineLines(result.baseline, result.targets));
  return lines;
}

/** Where the drill's files went (`Records:`, `Events:`, `Summary:`, `Report:`, last the HTML report); none without `out`. */
export function drillFilesLines(result: DrillResult): string[] {
  const lines: string[] = [];
  const files = result.files;
  if (files) {
    lines.push(
      '',
      `Records: ${files.records}`,
      `Events: ${files.events}`,
      `Summary: ${files.summaryJson}, ${files.summaryText}`,
    );
    if (files.baselineRecords) lines.push(`Baseline records: ${files.baselineRecords}`);
    if (result.reportError) lines.push(`Report: not written: ${result.reportError}`);
    else if (files.reportHtml) {
      const others = [files.reportMarkdown, files.reportJson].filter(Boolean).join(', ');
      if (others) lines.push(`Report: ${others}`);
      // Last, so a script (or a newcomer) finds it at the end of the output.
      lines.push(`HTML report: ${files.reportHtml}`);
    }
  }
  return lines;
}

/**
 * Formats a drill's result for people, verdict first: every assertion's
 * PASS/FAIL with its evidence, then what happened at each event (offsets
 * from the start, the time axis the HTML report shares), traffic per phase
 * (bounded by each event's start and end), per caller jurisdiction and per
 * target (local open weights labelled), and what the events cost against the
 * baseline when it was run. A simulated drill's summary holds nothing that
 * depends on the machine: the same scenario and seed print the same text.
 *
 * @returns plain text (no colour codes).
 */
export function formatDrillSummary(result: DrillResult): string {
  const lines: string[] = [];
  const { counts } = result;
  const failed = result.verdicts.filter((verdict) => !verdict.passed).length;
  const speed =
    result.mode === 'simulated'
      ? 'virtual time'
      : `in ${(result.realMs / 1000).toFixed(1)} s real time${result.mode === 'loopback' ? ', not reproducible' : ''}`;
  lines.push(
    result.passed
      ? `PASSED: ${assertionCountWords(result.verdicts.length, 0)}`
      : `FAILED: ${assertionCountWords(result.verdicts.length, failed)}${result.stopped ? `, and the run was stopped (${result.stopped})` : ''}${result.unplayed ? `, and ${result.unplayed.length} timeline event(s) never played` : ''}${result.unmet ? `, and ${result.unmet.length} fault event(s) met no request` : ''}${result.recordsError ? ', and the records were not all written' : ''}`,
  );
  for (const verdict of result.verdicts) {
    lines.push(`  ${verdict.passed ? 'PASS' : 'FAIL'}  ${verdict.name}: ${verdict.summary}`);
  }
  lines.push(
    '',
    `Drill "${result.name}" (${result.mode}, seed ${result.seed}): ${formatDuration(result.simulatedMs)} simulated, ${speed}`,
  );
  lines.push(...drillNoticeLines(result));
  const loop = result.eventLoop;
  if (loop?.fellBehind) {
    lines.push(
      `Warning: this machine fell behind the time scale: event-loop delay p99 ${loop.delayP99Ms} ms real, ${(loop.simulatedDelayP99Ms / 1000).toFixed(1)} s simulated at ${loop.timeScale}x. Latencies, timeouts and event instants are distorted by that much; rerun with --time-scale ${loop.suggestedTimeScale ?? 1}, or in simulated mode (virtual time, reproducible).`,
    );
  }
  lines.push(
    `${counts.sent}/${counts.planned} sent, ${counts.served} served (${pct(counts.served, counts.sent)}), ${counts.failed} failed, ${counts.lost} lost; ${counts.attempts} attempts, ${counts.fallbacks} fell back; latency p50 ${timed(result.latencyMs, result.latencyMs.p50)}, p99 ${timed(result.latencyMs, result.latencyMs.p99)}; cost ${usd(result.costUsd)} (wasted ${usd(result.wastedCostUsd)}); ${result.toLocalOpenWeights} served by local open weights`,
  );
  for (const [code, failure] of Object.entries(result.failures ?? {}))
    lines.push(`  ${failure.count} failed with ${code}, e.g.: ${failure.example}`);
  for (const example of result.lostExamples ?? []) lines.push(`  lost (no typed error): ${example}`);
  lines.push(...drillActivityLines(result));
  lines.push(...drillFilesLines(result));
  // A label from a config (a rule id) or an events file may hold an escape sequence: never sent as one.
  return terminalSafe(lines.join('\n'));
}
