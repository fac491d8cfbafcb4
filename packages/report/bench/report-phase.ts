/**
 * One measured phase of the report benchmark, run in its own process so its
 * peak memory (maxRSS) is its own. Prints one JSON line:
 * `{ phase, ms, records, maxRssMb, startRssMb }`.
 *
 * Phases: `split` (read the file and split lines: the floor), `parse`
 * (split + JSON.parse every line, one thread), `report` (buildReport with
 * its default worker threads and fast validation, by provider and
 * jurisdiction, then render terminal and HTML), `report-1-thread` (the same
 * in one thread), `report-full` (one thread, zod on every record).
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { buildReport, renderHtml, renderTerminal } from '../src/index.js';

const [phase, path, workers] = process.argv.slice(2) as [string, string, string | undefined];
const startRssMb = process.memoryUsage().rss / 2 ** 20;
let sampledPeak = startRssMb;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss / 2 ** 20);
}, 20);
const started = process.hrtime.bigint();
let records = 0;

async function splitLines(onLine: (line: string) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of createReadStream(path)) {
    const text = rest + decoder.write(chunk as Buffer);
    let start = 0;
    let end = text.indexOf('\n', start);
    while (end !== -1) {
      onLine(text.slice(start, end));
      start = end + 1;
      end = text.indexOf('\n', start);
    }
    rest = text.slice(start);
  }
}

if (phase === 'split') {
  await splitLines(() => {
    records += 1;
  });
} else if (phase === 'parse') {
  await splitLines((line) => {
    if (JSON.parse(line).schemaVersion === 1) records += 1;
  });
} else {
  const report = await buildReport({
    sources: [path],
    by: ['provider', 'jurisdiction'],
    validation: phase === 'report-full' ? 'full' : 'fast',
    ...(phase === 'report' ? (workers === undefined ? {} : { workers: Number(workers) }) : { workers: 1 }),
  });
  const text = renderTerminal({ report });
  const html = renderHtml({ report });
  records = report.input.records;
  if (text.length === 0 || html.length === 0) throw new Error('empty render');
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
clearInterval(sampler);
const maxRssMb = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    phase,
    ms,
    records,
    maxRssMb,
    sampledPeakMb: Math.max(sampledPeak, process.memoryUsage().rss / 2 ** 20),
    startRssMb,
  }),
);
