import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DrillResult, formatDrillSummary, parseScenario, runDrill } from '@switchyard/drill';

const file = new URL('../../drills/key-revoked.yaml', import.meta.url).pathname;

/** What the example shows: the drill, whether two runs wrote the same records, and the summary. */
export interface DrillBaselineExample {
  readonly result: DrillResult;
  readonly sameRecords: boolean;
  readonly summary: string;
}

/**
 * Runs `examples/drills/key-revoked.yaml` on virtual time twice with the same
 * seed (the records are the same bytes: a drill is a function of its seed),
 * the second time with its baseline (the same traffic without the timeline),
 * and returns the result and its summary, which ends with what the events cost.
 *
 * @param options.outDir where the two runs write (`first/`, `second/`).
 */
export async function drillBaselineExample(options: { outDir: string }): Promise<DrillBaselineExample> {
  const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
  const first = join(options.outDir, 'first');
  const second = join(options.outDir, 'second');
  await runDrill({ scenario, seed: 7, out: first, report: false });
  const result = await runDrill({ scenario, seed: 7, out: second, baseline: true, report: false });
  const [a, b] = await Promise.all([
    readFile(join(first, 'records.jsonl'), 'utf8'),
    readFile(join(second, 'records.jsonl'), 'utf8'),
  ]);
  return { result, sameRecords: a === b, summary: formatDrillSummary(result) };
}
