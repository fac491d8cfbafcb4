import { createPrivateKey, createPublicKey } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DecisionRecord } from '@switchyard/core';
import {
  chainedJsonlSink,
  generateSigningKeys,
  logSegments,
  type VerifyReport,
  verifyRecords,
} from '@switchyard/evidence';

/** A decision record as the router writes it (only what this example needs to vary). */
function record(index: number): DecisionRecord {
  return {
    schemaVersion: 1,
    requestId: `request-${index}`,
    time: new Date(Date.UTC(2026, 5, 25, 9) + index * 1_000).toISOString(),
    route: 'chat',
    operation: 'generate',
    context: { jurisdiction: index % 2 === 0 ? 'US' : 'DE', dataClass: 'internal' },
    policyVersion: '0123456789abcdef',
    verdicts: [{ targetId: 'eu-mistral', allowed: true, effect: 'default', ruleIds: [] }],
    skipped: [],
    attempts: [],
    servedBy: 'eu-mistral',
    outcome: 'served',
    totals: {
      latencyMs: 120,
      attempts: 1,
      fallbackDepth: 0,
      usage: { inputTokens: 800, outputTokens: 200, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: 0.0028,
      wastedCostUsd: 0,
    },
  };
}

/**
 * Writes 25 records through a chained JSONL sink (a signed checkpoint every
 * 10 records), verifies the log with the public key alone, then edits the
 * cost of record 12 as someone tidying the books might, and verifies again.
 * In production the keys come from files or the environment
 * (`switchyard keygen`, `readPrivateKey()`), never from the records.
 *
 * @returns both verify reports: the intact log, and the edited one.
 */
export async function tamperEvidentLog(options: {
  folder: string;
}): Promise<{ intact: VerifyReport; edited: VerifyReport }> {
  // A fresh log: an existing one is continued only under its own key (recordChain refuses another).
  await rm(options.folder, { recursive: true, force: true });
  const keys = generateSigningKeys();
  const path = join(options.folder, 'records.jsonl');
  const sink = await chainedJsonlSink({
    path,
    privateKey: createPrivateKey(keys.privateKeyPem),
    every: { records: 10 },
  });
  for (let index = 0; index < 25; index++) sink.write(record(index));
  await sink.close?.();
  const check = async () =>
    verifyRecords({
      files: await logSegments(path),
      checkpoints: sink.chain.checkpointsPath,
      publicKey: createPublicKey(keys.publicKeyPem),
    });
  const intact = await check();
  const lines = (await readFile(path, 'utf8')).split('\n');
  lines[12] = (lines[12] as string).replace('"costUsd":0.0028', '"costUsd":0.0001');
  await writeFile(path, lines.join('\n'));
  return { intact, edited: await check() };
}
