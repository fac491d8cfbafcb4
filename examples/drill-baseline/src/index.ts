import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drillBaselineExample } from './drill-baseline-example.js';

const outDir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'switchyard-drill-baseline-example-')));
const { summary, sameRecords } = await drillBaselineExample({ outDir });
console.log(summary);
console.log(`\nTwo runs with seed 7 wrote ${sameRecords ? 'the same' : 'DIFFERENT'} records.`);
