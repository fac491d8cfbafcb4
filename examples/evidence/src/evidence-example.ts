import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseScenario, runDrill } from '@switchyard/drill';
import {
  type SelfCheckReport,
  selfCheckRecords,
  type VerifyReport,
  type WhatIfSummaryData,
  whatIfLead,
  whatIfRecords,
  whatIfTables,
} from '@switchyard/evidence';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { renderTablePage, renderTableText } from '@switchyard/report';
import { tamperEvidentLog } from './tamper-evident-log.js';

const drillFile = new URL('../../drills/export-control-day.yaml', import.meta.url).pathname;
/** The config of the day before the control (the policy then: EU data residency only). */
export const beforeConfig = new URL('./before-export-control.yaml', import.meta.url).pathname;
// The drill's in-process local model, as `pnpm demo` writes it (scripts/tiny-model.mjs).
const tinyModel = new URL('../../../.switchyard/models/switchyard-tiny.gguf', import.meta.url).pathname;

/** What the example shows. */
export interface EvidenceExample {
  /** Where the drill's records are. */
  readonly recordsPath: string;
  /** Every record replayed under its own policy and state. */
  readonly selfCheck: SelfCheckReport;
  /** The records under the policy of the day before, health as recorded (the cut-offs still happened). */
  readonly asRecorded: WhatIfSummaryData;
  /** The same, every target healthy: the policy alone. */
  readonly allHealthy: WhatIfSummaryData;
  /** The what-if page (one self-contained HTML file). */
  readonly htmlPath: string;
  /** The what-if as text tables. */
  readonly text: string;
  /** A tamper-evident log verified as written, then with one record edited. */
  readonly verify: { readonly intact: VerifyReport; readonly edited: VerifyReport };
}

/**
 * Runs the export-control drill (`examples/drills/export-control-day.yaml`,
 * virtual time, seed 1) into `outDir`, self-checks its 1,200 decision
 * records, replays them under the config of the day before the control
 * (health as recorded, then every target healthy) with an HTML what-if page,
 * and shows a tamper-evident log: signed checkpoints, verified, then one
 * record edited and named by `verifyRecords`.
 *
 * @param options.outDir where the drill, the what-if page and the log are written.
 */
export async function evidenceExample(options: { outDir: string }): Promise<EvidenceExample> {
  await writeTinyGguf({ path: tinyModel, ...demoTinyGgufOptions });
  const scenario = parseScenario({ text: await readFile(drillFile, 'utf8'), file: drillFile });
  const drillDir = join(options.outDir, 'export-control-day');
  await runDrill({ scenario, out: drillDir, report: false });
  // The drill keeps its basis (catalog, prices, each policy) beside the records: records.basis.jsonl.
  const recordsPath = join(drillDir, 'records.jsonl');
  const selfCheck = await selfCheckRecords({ files: [recordsPath] });
  const asRecorded = await whatIfRecords({ files: [recordsPath], config: beforeConfig });
  const allHealthy = await whatIfRecords({
    files: [recordsPath],
    config: beforeConfig,
    health: 'all-healthy',
  });
  const tables = whatIfTables(asRecorded);
  const lead = whatIfLead(asRecorded);
  const htmlPath = join(options.outDir, 'what-if.html');
  await writeFile(
    htmlPath,
    renderTablePage({ title: 'What if the export control had not come in', lead, tables }),
  );
  const text = `${lead.join('\n')}\n\n${renderTableText({ tables, color: false })}`;
  const verify = await tamperEvidentLog({ folder: join(options.outDir, 'tamper-evident') });
  return { recordsPath, selfCheck, asRecorded, allHealthy, htmlPath, text, verify };
}
