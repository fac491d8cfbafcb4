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

/**
 * Escapes text for a Markdown table cell, so it reads as written: pipes, backslashes, HTML, line
 * breaks, emphasis and code (`*`, `~`, a `_` that starts or ends a word: `server_error` stays as
 * it is), links (the `]` of `](` and `][`: `timeline[2]` stays as it is) and character
 * references (`&lt;` in a label stays `&lt;`).
 */
export function escapeMarkdownCell(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/[|*`~]/g, (character) => `\\${character}`)
      // A link or an image needs `](` or `][`: `timeline[2]` stays as it is.
      .replace(/\](?=[([])/g, '\\]')
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, '\\_')
      .replace(/&(?=#?[\p{L}\p{N}]+;)/gu, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\r?\n|\r/g, ' ')
  );
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
 * escaped ({@link escapeMarkdownCell}): it reads as written, and no label adds a link, emphasis
 * or a column.
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
    ...(options.comparison ? comparisonTables(options.comparison, presentation) : []),
  ];
  const verdict = presentation?.verdict ? `**${verdictLine(presentation.verdict)}**\n\n` : '';
  return `# ${escapeMarkdownCell(options.title ?? 'Switchyard report')}\n\n${verdict}${escapeMarkdownCell(reportHeadline(options.report, presentation))}\n\n${tables.map(renderTable).join('\n\n')}\n`;
}
