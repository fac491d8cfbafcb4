import type { Report } from '../aggregate/report.js';
import type { Comparison } from '../compare/compare-reports.js';
import type { ReportPresentation } from './report-presentation.js';

/**
 * Renders a report (and optionally a comparison and what the run adds) as
 * pretty-printed JSON: `{ "report": ..., "comparison": ..., "presentation": ... }`,
 * the same shapes as the API's {@link Report}, {@link Comparison} and `ReportPresentation`.
 *
 * @returns the JSON text, ending with a newline.
 * @example
 * ```ts
 * const { report } = JSON.parse(renderJson({ report }));
 * ```
 */
export function renderJson(options: {
  report: Report;
  comparison?: Comparison;
  presentation?: ReportPresentation;
}): string {
  return `${JSON.stringify(
    {
      report: options.report,
      ...(options.comparison ? { comparison: options.comparison } : {}),
      ...(options.presentation ? { presentation: options.presentation } : {}),
    },
    null,
    2,
  )}\n`;
}
