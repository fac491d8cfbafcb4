import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evidenceExample } from './evidence-example.js';

const outDir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'switchyard-evidence-example-')));
const example = await evidenceExample({ outDir });
console.log(
  `Self-check: ${example.selfCheck.reproduced} of ${example.selfCheck.records} records reproduce under their own policy and state.\n`,
);
console.log(example.text);
console.log(`What-if page: ${example.htmlPath}`);
console.log(
  `Every target healthy, the policy of the day before alone: ${example.allHealthy.total.elsewhere} records would have been served elsewhere.`,
);
console.log(`\nTamper-evident log as written: ${example.verify.intact.ok ? 'verifies' : 'DOES NOT verify'}`);
console.log(`After editing one record: ${example.verify.edited.finding?.message}`);
