/**
 * The evidence bench's run (bundled and started by `evidence.bench.ts`): self-check, what-if and verify over a records log written
 * here (real router records v2, chained and checkpointed; 1,000,000 by
 * default), against the issue's targets, with baselines measured in the same
 * run on the same file: reading and splitting its lines, JSON.parse of every
 * line (what any replay must at least do), and SHA-256 over its bytes (what
 * any hash-chain check must at least do).
 */
import { createHash, createPublicKey } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLines } from '../src/chain/read-lines.js';
import { selfCheckRecords, whatIfRecords } from '../src/replay/replay-records.js';
import { policyAfter, replayConfig } from '../src/test-fixtures/replay-router.js';
import { verifyRecords } from '../src/verify/verify-records.js';
import { writeEvidenceLog } from './generate-evidence.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const count = option('--records', 1_000_000);
const unique = option('--unique', 20_000);
const target = { selfCheckPerSecond: 50_000, whatIfMs: 15_000, verifyMbPerSecond: 100, recordBytes: 1_536 };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rate = (value: number) => Math.round(value).toLocaleString('en-US');
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

const folder = mkdtempSync(join(tmpdir(), 'switchyard-evidence-bench-'));
const path = join(folder, 'records.jsonl');
const config = join(folder, 'after.yaml');
try {
  const generated = await timed(() => writeEvidenceLog({ path, count, unique }));
  const { records, publicKeyPem, dropped } = generated.value;
  if (dropped > 0) throw new Error(`the sink dropped ${dropped} records while the bench wrote them`);
  const bytes = statSync(path).size;
  const mb = bytes / 1e6;
  console.log(
    `wrote ${count.toLocaleString('en-US')} records (${unique.toLocaleString('en-US')} from the router, repeated), chained and checkpointed: ${mb.toFixed(0)} MB in ${seconds(generated.ms)}`,
  );
  // JSON is YAML: the what-if config is the same catalog under the export-control policy.
  writeFileSync(config, JSON.stringify(replayConfig({ policy: policyAfter })));

  // Size of a record v2: as the router hands it over, without its `decision` block (what v1 held), and as written
  // (canonical JSON with its chain link).
  let v2Bytes = 0;
  let v1Bytes = 0;
  for (const record of records) {
    const { decision: _decision, ...rest } = record;
    v2Bytes += JSON.stringify(record).length + 1;
    v1Bytes += JSON.stringify(rest).length + 1;
  }
  const averageV2 = v2Bytes / records.length;
  const averageV1 = v1Bytes / records.length;
  const averageWritten = bytes / count;
  console.log(
    `\naverage record v2: ${averageV2.toFixed(0)} B (target <= ${target.recordBytes} B: ${averageV2 <= target.recordBytes ? 'met' : 'NOT met'}); without the decision inputs ${averageV1.toFixed(0)} B (v2 is x${(averageV2 / averageV1).toFixed(2)}); as written with the chain link ${averageWritten.toFixed(0)} B`,
  );

  const split = await timed(async () => {
    let lines = 0;
    for await (const batch of readLines({ path })) lines += batch.lines.length;
    return lines;
  });
  const parse = await timed(async () => {
    let lines = 0;
    for await (const batch of readLines({ path }))
      for (const line of batch.lines) if (JSON.parse(line.bytes.toString('utf8'))) lines++;
    return lines;
  });
  const sha256 = await timed(async () => {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk);
    return hash.digest('hex');
  });
  const selfCheck = await timed(() => selfCheckRecords({ files: [path], workers: 1 }));
  const whatIf1 = await timed(() => whatIfRecords({ files: [path], config, workers: 1 }));
  const whatIf2 = await timed(() => whatIfRecords({ files: [path], config, workers: 2 }));
  const verify = await timed(() =>
    verifyRecords({
      files: [path],
      checkpoints: join(folder, 'records.checkpoints.jsonl'),
      publicKey: createPublicKey(publicKeyPem),
      basis: join(folder, 'records.basis.jsonl'),
    }),
  );
  if (split.value !== count || parse.value !== count)
    throw new Error(`read ${split.value} lines of ${count}`);
  if (!verify.value.ok) throw new Error(`verify found: ${verify.value.finding?.message}`);
  if (selfCheck.value.records !== count)
    throw new Error(`self-check read ${selfCheck.value.records} records`);

  console.log(`\nphase                        time     per second          x parse   (1 thread unless said)`);
  const row = (name: string, ms: number, perSecond: string) =>
    console.log(
      `${name.padEnd(26)} ${seconds(ms).padStart(8)} ${perSecond.padStart(18)} ${(ms / parse.ms).toFixed(2).padStart(10)}x`,
    );
  row('split lines (baseline)', split.ms, `${rate((count * 1000) / split.ms)} rec`);
  row('JSON.parse (baseline)', parse.ms, `${rate((count * 1000) / parse.ms)} rec`);
  row('SHA-256 bytes (baseline)', sha256.ms, `${rate((mb * 1000) / sha256.ms)} MB`);
  row('self-check', selfCheck.ms, `${rate((count * 1000) / selfCheck.ms)} rec`);
  row('what-if', whatIf1.ms, `${rate((count * 1000) / whatIf1.ms)} rec`);
  row('what-if, 2 threads', whatIf2.ms, `${rate((count * 1000) / whatIf2.ms)} rec`);
  row('verify', verify.ms, `${rate((mb * 1000) / verify.ms)} MB`);

  const selfCheckPerSecond = (count * 1000) / selfCheck.ms;
  const verifyMbPerSecond = (mb * 1000) / verify.ms;
  const whatIfAt1M = (whatIf2.ms * 1_000_000) / count;
  const mismatched = selfCheck.value.mismatched;
  console.log(
    `\nself-check: ${mismatched === 0 ? '100 %' : `${mismatched} of ${count} NOT`} reproduced; ${rate(selfCheckPerSecond)} decisions/s on one core (target >= ${rate(target.selfCheckPerSecond)}: ${selfCheckPerSecond >= target.selfCheckPerSecond && mismatched === 0 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `what-if: ${seconds(whatIf2.ms)} over ${count.toLocaleString('en-US')} records on 2 threads (${availableParallelism()} cores here), ${seconds(whatIfAt1M)} per 1,000,000 (target <= ${seconds(target.whatIfMs)}: ${whatIfAt1M <= target.whatIfMs ? 'met' : 'NOT met'}); ${whatIf2.value.total.records.toLocaleString('en-US')} records, ${whatIf2.value.total.denied.toLocaleString('en-US')} would be denied, ${whatIf2.value.total.elsewhere.toLocaleString('en-US')} served elsewhere`,
  );
  console.log(
    `verify: ${rate(verifyMbPerSecond)} MB/s (target >= ${target.verifyMbPerSecond}: ${verifyMbPerSecond >= target.verifyMbPerSecond ? 'met' : 'NOT met'}); ${verify.value.records.toLocaleString('en-US')} records, ${verify.value.checkpoints} checkpoints`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
