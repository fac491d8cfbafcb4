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

/** Escapes text for a Markdown table cell: pipes, backslashes, HTML and line breaks. */
export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

function renderTable(table: ReportTable): string {
  const align = table.head.map((_, index) => (table.numeric.includes(index) ? '---:' : '---'));
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdownCell).join(' | ')} |`;
  return [
    `## ${escapeMarkdownCell(table.title)}`,
    '',
    line(table.head),
    `| ${align.join(' | ')} |`,
    ...table.rows.map(line),
  ].join('\n');
}

/**
 * Renders a report (and optionally a comparison) as GitHub-flavoured
 * Markdown: a headline and one table per section. Record-derived text is
 * escaped (pipes, `<`, `>`, line breaks).
 *
 * @param options.title the top heading (default `Switchyard report`).
 * @param options.presentation what the run adds: verdict first, its sections, offsets from its start, labels.
 * @returns the Markdown, ending with a newline.
 * @example
 * ```ts
 * await writeFile('report.md', renderMarkdown({ report }));
 * ```
 */
export function renderMarkdown(options: {
  report: Report;
  comparison?: Comparison;
  presentation?: ReportPresentation;
  title?: string;
}): string {
  const { presentation } = options;
  const tables = [
    ...reportTables(options.report, presentation),
    ...(options.comparison ? comparisonTables(options.comparison) : []),
  ];
  const verdict = presentation?.verdict ? `**${verdictLine(presentation.verdict)}**\n\n` : '';
  return `# ${escapeMarkdownCell(options.title ?? 'Switchyard report')}\n\n${verdict}${escapeMarkdownCell(reportHeadline(options.report, presentation))}\n\n${tables.map(renderTable).join('\n\n')}\n`;
}
