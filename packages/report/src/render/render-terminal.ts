import { terminalSafe } from '@switchyard/core';
import Table from 'cli-table3';
import type { Report } from '../aggregate/report.js';
import type { Comparison } from '../compare/compare-reports.js';
import type { ReportPresentation } from './report-presentation.js';
import {
  comparisonTables,
  type ReportTable,
  reportHeadline,
  reportTables,
  verdictLine,
} from './report-tables.js';

/** One table as terminal text (`cli-table3`), its title above; control characters written out ({@link terminalSafe}). */
export function terminalTable(table: ReportTable, color: boolean): string {
  const output = new Table({
    head: table.head.map(terminalSafe),
    style: color ? { head: ['cyan'] } : { head: [], border: [] },
    colAligns: table.head.map((_, index) => (table.numeric.includes(index) ? 'right' : 'left')),
  });
  for (const row of table.rows) output.push(row.map(terminalSafe));
  return `${terminalSafe(table.title)}\n${output.toString()}`;
}

/**
 * Renders a report (and optionally a comparison) as terminal tables
 * (`cli-table3`).
 *
 * @param options.report the report.
 * @param options.comparison a comparison with another run, shown after the report.
 * @param options.presentation what the run adds: verdict first, its sections, offsets from its start, labels.
 * @param options.color colour the headers (default false: plain text for pipes and tests).
 * @returns the text, ending with a newline.
 * @example
 * ```ts
 * process.stdout.write(renderTerminal({ report, color: process.stdout.isTTY }));
 * ```
 */
export function renderTerminal(options: {
  report: Report;
  comparison?: Comparison;
  presentation?: ReportPresentation;
  color?: boolean;
}): string {
  const color = options.color ?? false;
  const { presentation } = options;
  const tables = [
    ...reportTables(options.report, presentation),
    ...(options.comparison ? comparisonTables(options.comparison, presentation) : []),
  ];
  const verdict = presentation?.verdict ? `${verdictLine(presentation.verdict)}\n` : '';
  return `${terminalSafe(`${verdict}${reportHeadline(options.report, presentation)}`)}\n\n${tables.map((table) => terminalTable(table, color)).join('\n\n')}\n`;
}
