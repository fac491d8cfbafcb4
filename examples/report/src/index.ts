import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportExample } from './report-example.js';

const outDir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'switchyard-report-example-')));
const { text, files, recordsPath } = await reportExample({ outDir });
console.log(text);
console.log(`Records: ${recordsPath}`);
console.log(`HTML report: ${files.html}`);
