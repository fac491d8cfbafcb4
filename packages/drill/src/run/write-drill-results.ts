import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DrillResult } from './drill-result.js';
import { formatDrillSummary } from './format-drill-summary.js';

/**
 * Writes `summary.json` (the result without the records) and `summary.txt`
 * (the human summary) into `out`, next to the records.
 *
 * @returns the result with `files` set.
 */
export async function writeDrillResults(options: {
  result: DrillResult;
  out: string;
  recordsPath: string;
}): Promise<DrillResult> {
  await mkdir(options.out, { recursive: true });
  const files = {
    records: options.recordsPath,
    summaryJson: join(options.out, 'summary.json'),
    summaryText: join(options.out, 'summary.txt'),
  };
  const result: DrillResult = { ...options.result, files };
  const { records: _records, ...summary } = result;
  await writeFile(files.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(files.summaryText, `${formatDrillSummary(result)}\n`);
  return result;
}
