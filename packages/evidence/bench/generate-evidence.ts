/**
 * Records for the evidence bench: real decision records v2 from the router
 * (four targets, 3 % 503s and 1 % 429s, region blocks for CN and RU, a
 * withdrawn model, policy changes, two strategies), written to a chained, checkpointed JSONL log with its
 * basis documents, repeated until `count` records.
 */
import { createPrivateKey } from 'node:crypto';
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';
import type { DecisionRecord } from '@switchyard/core';
import { createRouter, jsonlSink, memorySink } from '@switchyard/router';
import { providerFailure, type ScriptedStep, scriptedModel } from '@switchyard/router/test';
import { recordChain } from '../src/chain/record-chain.js';
import { generateSigningKeys } from '../src/keys/signing-keys.js';
import { policyAfter, policyBefore, replayConfig } from '../src/test-fixtures/replay-router.js';

const ids = ['alpha', 'beta', 'gamma', 'local'] as const;
const jurisdictions = ['US', 'US', 'US', 'DE', 'FR', 'CN', 'SG', 'RU'];

/** A deterministic pseudo-random source (LCG), so every run writes the same records. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) | 0;
    return ((state >>> 0) % 1_000_000) / 1_000_000;
  };
}

/** Scripted answers of one target: mostly served, some 503s and 429s (cut-offs come from the story below). */
function steps(random: () => number): ScriptedStep[] {
  const list: ScriptedStep[] = [];
  for (let index = 0; index < 4_000; index++) {
    const draw = random();
    if (draw < 0.96) list.push({ text: 'one two three four five' });
    else if (draw < 0.99)
      list.push({ error: providerFailure({ kind: 'transient', status: 503, message: 'overloaded' }) });
    else
      list.push({
        error: providerFailure({
          kind: 'rate_limited',
          status: 429,
          message: 'slow down',
          retryAfterMs: 2_000,
        }),
      });
  }
  return list;
}

async function drain(stream: ReadableStream<LanguageModelV4StreamPart>): Promise<void> {
  const reader = stream.getReader();
  for (;;) if ((await reader.read()).done) return;
}

/** `unique` real records from routers with the `priority` and `weighted` strategies, and their basis documents. */
export async function routerRecords(unique: number) {
  const random = lcg(18);
  const sink = memorySink();
  let now = Date.parse('2026-06-24T08:00:00.000Z');
  for (const strategy of ['priority', 'weighted'] as const) {
    const router = createRouter({
      config: replayConfig({ strategy }),
      models: Object.fromEntries(
        ids.map((id) => [id, scriptedModel({ provider: id, modelId: id, steps: steps(random) })]),
      ),
      sinks: [sink],
      clock: { now: () => now },
      random,
      health: {
        maxRetries: 1,
        initialBackoffMs: 1,
        maxBackoffMs: 1,
        maxRetryAfterMs: 0,
        breakerThreshold: 3,
      },
    });
    const model = router.languageModel('chat');
    let after = false;
    for (let index = 0; index < unique / 2; index++) {
      now += Math.floor(random() * 400);
      // The story of the export-control day, twice per strategy: the provider region-blocks CN and RU,
      // the control comes into force, the EU model is withdrawn; then the control is lifted.
      const at = index % 5_000;
      if (at === 1_000) {
        router.health.cutOff('alpha', { jurisdiction: 'CN', reason: 'region_blocked' });
        router.health.cutOff('alpha', { jurisdiction: 'RU', reason: 'region_blocked' });
      }
      if (at === 1_250 || at === 4_000) {
        after = !after;
        router.setPolicy(after ? policyAfter : policyBefore);
      }
      if (at === 2_500) router.health.cutOff('gamma', { reason: 'model_withdrawn' });
      if (at === 4_500) {
        router.health.restore('alpha');
        router.health.restore('gamma');
      }
      const options = {
        prompt: [
          {
            role: 'user' as const,
            content: [{ type: 'text' as const, text: 'word '.repeat(20 + Math.floor(random() * 600)) }],
          },
        ],
        providerOptions: {
          switchyard: {
            jurisdiction: jurisdictions[Math.floor(random() * jurisdictions.length)] as string,
            dataClass: random() < 0.2 ? 'regulated' : 'internal',
            tenant: `tenant-${Math.floor(random() * 5)}`,
          },
        },
      };
      await (random() < 0.5
        ? Promise.resolve(model.doStream(options)).then((result) => drain(result.stream))
        : Promise.resolve(model.doGenerate(options))
      ).catch(() => undefined);
    }
    await router.close();
  }
  return { records: sink.records as readonly DecisionRecord[], documents: sink.documents };
}

/**
 * Writes `count` records (the router's `unique` records repeated, each copy
 * with its own request id) to `path` through `jsonlSink` with a record chain
 * (checkpoints every 10,000 records) and the basis documents beside them.
 *
 * @returns the public key (PEM) that verifies the checkpoints, and the router's records.
 */
export async function writeEvidenceLog(options: { path: string; count: number; unique: number }) {
  const { records, documents } = await routerRecords(options.unique);
  const keys = generateSigningKeys();
  const chain = await recordChain({ path: options.path, privateKey: createPrivateKey(keys.privateKeyPem) });
  const sink = jsonlSink({ path: options.path, chain, maxBuffered: 4_096 });
  for (const document of documents) sink.basis?.(document);
  for (let index = 0; index < options.count; index++) {
    const record = records[index % records.length] as DecisionRecord;
    sink.write({ ...record, requestId: `${record.requestId}-${Math.floor(index / records.length)}` });
    // Faster than a disk takes them: wait for the sink now and then, as a busy router never writes this fast.
    if (index % 10_000 === 9_999) await sink.flush?.();
  }
  await sink.close?.();
  return { publicKeyPem: keys.publicKeyPem, records, dropped: sink.stats().dropped };
}
