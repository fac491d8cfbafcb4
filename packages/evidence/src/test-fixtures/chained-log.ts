import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DecisionRecord } from '@switchyard/core';
import { jsonlSink } from '@switchyard/router';
import { recordChain } from '../chain/record-chain.js';
import { generateSigningKeys } from '../keys/signing-keys.js';

/** A small record-shaped object (the chain does not read its fields). */
export function syntheticRecord(index: number): DecisionRecord {
  return {
    schemaVersion: 1,
    requestId: `request-${String(index).padStart(6, '0')}`,
    time: new Date(Date.UTC(2026, 5, 25, 9) + index * 250).toISOString(),
    route: 'chat',
    operation: index % 2 === 0 ? 'generate' : 'stream',
    context: { jurisdiction: ['US', 'DE', 'CN'][index % 3] as string, dataClass: 'internal' },
    policyVersion: '0123456789abcdef',
    verdicts: [{ targetId: 'alpha', allowed: true, effect: 'default', ruleIds: [] }],
    skipped: [],
    attempts: [],
    servedBy: 'alpha',
    outcome: 'served',
    totals: {
      latencyMs: 100 + (index % 17),
      attempts: 1,
      fallbackDepth: 0,
      usage: { inputTokens: 10 + (index % 7), outputTokens: 5, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: 0.0001,
      wastedCostUsd: 0,
    },
  };
}

/** A fresh Ed25519 key pair as key objects. */
export function testKeys(): {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  privateKeyPem: string;
} {
  const { privateKeyPem, publicKeyPem } = generateSigningKeys();
  return {
    privateKey: createPrivateKey(privateKeyPem),
    publicKey: createPublicKey(publicKeyPem),
    privateKeyPem,
    publicKeyPem,
  };
}

/**
 * Writes `count` synthetic records through `jsonlSink` with a `recordChain`
 * (a checkpoint every `every` records) into `folder/records.jsonl`.
 *
 * @returns the paths and the lines written.
 */
export async function writeChainedLog(options: {
  folder: string;
  count: number;
  every: number;
  privateKey: KeyObject;
  maxFileBytes?: number;
}): Promise<{ path: string; checkpoints: string; lines: string[] }> {
  const path = join(options.folder, 'records.jsonl');
  const chain = await recordChain({
    path,
    privateKey: options.privateKey,
    every: { records: options.every },
  });
  const sink = jsonlSink({
    path,
    chain,
    maxBuffered: 512,
    ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
  });
  for (let index = 0; index < options.count; index++) sink.write(syntheticRecord(index));
  await sink.close?.();
  const text = options.maxFileBytes === undefined ? await readFile(path, 'utf8') : '';
  return { path, checkpoints: chain.checkpointsPath, lines: text.split('\n').filter((line) => line !== '') };
}
