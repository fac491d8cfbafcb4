import type { Report } from '../aggregate/report.js';
import type { Comparison } from '../compare/compare-reports.js';

/**
 * Renders a report (and optionally a comparison) as pretty-printed JSON:
 * `{ "report": ..., "comparison": ... }`, the same shapes as the API's
 * {@link Report} and {@link Comparison}.
 *
 * @returns the JSON text, ending with a newline.
 * @example
 * ```ts
 * const { report } = JSON.parse(renderJson({ report }));
 * ```
 */
export function renderJson(options: { report: Report; comparison?: Comparison }): string {
  return `${JSON.stringify(
    { report: options.report, ...(options.comparison ? { comparison: options.comparison } : {}) },
    null,
    2,
  )}\n`;
}
