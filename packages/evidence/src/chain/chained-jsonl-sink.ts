import type { KeyObject } from 'node:crypto';
import { type JsonlSink, jsonlSink } from '@switchyard/router';
import { type EvidenceChain, recordChain } from './record-chain.js';

/** A JSONL sink that chains its records, with the chain (its checkpoints file, its next `seq`). */
export interface ChainedJsonlSink extends JsonlSink {
  readonly chain: EvidenceChain;
}

/**
 * A tamper-evident JSONL sink in one call: `jsonlSink({ path, chain:
 * await recordChain({ path, privateKey }) })`, records, basis documents and
 * signed checkpoints side by side (`records.jsonl`, `records.basis.jsonl`,
 * `records.checkpoints.jsonl`). A log already at `path` is continued.
 *
 * @param options.path the records file.
 * @param options.privateKey the Ed25519 key that signs checkpoints (`readPrivateKey()`: a file or the environment).
 * @param options.maxFileBytes rotate to `records.1.jsonl`, ... before a file passes this size.
 * @param options.every checkpoint interval bounds (at most, and by default, 10,000 records and 60 s).
 * @param options.onError called with each write error (default: the router's `error` event).
 * @returns the sink, with its chain.
 * @throws {SwitchyardError} as `recordChain` does (a log there that does not verify from its last checkpoint).
 * @example
 * ```ts
 * const sink = await chainedJsonlSink({ path: 'logs/records.jsonl', privateKey: await readPrivateKey() });
 * const router = createRouter({ config, models, sinks: [sink] });
 * ```
 */
export async function chainedJsonlSink(options: {
  path: string;
  privateKey: KeyObject;
  maxFileBytes?: number;
  every?: { records?: number; ms?: number };
  onError?: (error: unknown) => void;
}): Promise<ChainedJsonlSink> {
  const chain = await recordChain({
    path: options.path,
    privateKey: options.privateKey,
    ...(options.every === undefined ? {} : { every: options.every }),
  });
  const sink = jsonlSink({
    path: options.path,
    chain,
    ...(options.maxFileBytes === undefined ? {} : { maxFileBytes: options.maxFileBytes }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  return Object.assign(sink, { chain });
}
