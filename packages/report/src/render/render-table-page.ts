import { escapeHtml } from './escape-html.js';
import { htmlStyle, htmlTable } from './render-html.js';
import { terminalTable } from './render-terminal.js';
import type { ReportTable } from './report-tables.js';

/**
 * Renders titled tables as one self-contained HTML page in the style of the
 * report (no charts, no script, no network: `default-src 'none'`), every
 * string escaped: for other views over decision records, e.g. the what-if
 * report of `switchyard replay`.
 *
 * @param options.title page title.
 * @param options.lead paragraphs shown under the title (plain text).
 * @param options.tables the tables, in order.
 * @returns the HTML document.
 * @example
 * ```ts
 * await writeFile('what-if.html', renderTablePage({ title: 'What if', lead: ['...'], tables }));
 * ```
 */
export function renderTablePage(options: {
  title: string;
  lead?: readonly string[];
  tables: readonly ReportTable[];
}): string {
  const lead = (options.lead ?? []).map((text) => `<p class="muted">${escapeHtml(text)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${htmlStyle}</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
${lead}
${options.tables.map((table) => htmlTable(table)).join('\n')}
</body>
</html>
`;
}

/**
 * Renders titled tables as terminal text (`cli-table3`), as the report does.
 *
 * @param options.tables the tables, in order.
 * @param options.color colour the headers (default false).
 * @returns the text, ending with a newline.
 */
export function renderTableText(options: { tables: readonly ReportTable[]; color?: boolean }): string {
  return `${options.tables.map((table) => terminalTable(table, options.color ?? false)).join('\n\n')}\n`;
}
