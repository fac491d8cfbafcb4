import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonlSink } from '@switchyard/router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { syntheticRecord, testKeys, writeChainedLog } from '../test-fixtures/chained-log.js';
import { verifyRecords } from '../verify/verify-records.js';
import { canonicalJson } from './canonical-json.js';
import { CheckpointSchema } from './checkpoint.js';
import { logSegments } from './read-log-tail.js';
import { recordChain } from './record-chain.js';
import { leafHash, merkleRoot } from './tree-hash.js';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-chain-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(folder, { recursive: true, force: true });
});

const readCheckpoints = async (path: string) =>
  (await readFile(path, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => CheckpointSchema.parse(JSON.parse(line)));

describe('recordChain', () => {
  describe('seal', () => {
    it('writes each record as canonical JSON linked to the hash of the one before', async () => {
      const { privateKey } = testKeys();
      const { lines } = await writeChainedLog({ folder, count: 3, every: 10, privateKey });
      expect(lines).toHaveLength(3);
      const records = lines.map((line) => JSON.parse(line));
      expect(lines[0]).toBe(canonicalJson(records[0]));
      expect(records.map((record) => record.chain.seq)).toEqual([0, 1, 2]);
      expect(records[0].chain.prev).toBeUndefined();
      expect(records[1].chain.prev).toBe(leafHash(Buffer.from(lines[0] as string)));
      expect(records[2].chain.prev).toBe(leafHash(Buffer.from(lines[1] as string)));
    });
  });

  describe('checkpoints', () => {
    it('signs a Merkle root per interval of at most `every` records, and one over the rest on close', async () => {
      const { privateKey } = testKeys();
      const { lines, checkpoints } = await writeChainedLog({ folder, count: 25, every: 10, privateKey });
      const signed = await readCheckpoints(checkpoints);
      expect(signed.map((checkpoint) => [checkpoint.from, checkpoint.size])).toEqual([
        [0, 10],
        [10, 10],
        [20, 5],
      ]);
      const hashes = lines.map((line) => leafHash(Buffer.from(line)));
      expect(signed[1]?.root).toBe(merkleRoot(hashes.slice(10, 20)));
      expect(signed[2]?.head).toBe(hashes[24]);
    });

    it('closes an interval 60 s after its first record, by time, when fewer records came', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date', 'setImmediate'] });
      const { privateKey } = testKeys();
      const path = join(folder, 'records.jsonl');
      const chain = await recordChain({ path, privateKey });
      const sink = jsonlSink({ path, chain, flushIntervalMs: 1_000 });
      sink.write(syntheticRecord(0));
      sink.write(syntheticRecord(1));
      await sink.flush?.();
      // Each wait for the chain: a call after the timer's runs after it (they are serialized).
      const settled = () => chain.written({ records: 0, basis: 0, now: 0 });
      await vi.advanceTimersByTimeAsync(59_000);
      await settled();
      await expect(readFile(chain.checkpointsPath, 'utf8')).rejects.toThrow();
      await vi.advanceTimersByTimeAsync(2_000);
      await settled();
      const signed = await readCheckpoints(chain.checkpointsPath);
      expect(signed.map((checkpoint) => checkpoint.size)).toEqual([2]);
      await sink.close?.();
    });

    it('refuses intervals longer than 10,000 records or 60 s', async () => {
      const { privateKey } = testKeys();
      const path = join(folder, 'records.jsonl');
      await expect(recordChain({ path, privateKey, every: { records: 20_000 } })).rejects.toThrow(
        'expected at most 10000 records',
      );
      await expect(recordChain({ path, privateKey, every: { ms: 120_000 } })).rejects.toThrow(
        'at most 60000 ms',
      );
    });
  });

  describe('resume', () => {
    it('continues a log after a restart: the chain and the checkpoints run on', async () => {
      const { privateKey, publicKey } = testKeys();
      await writeChainedLog({ folder, count: 15, every: 10, privateKey });
      const path = join(folder, 'records.jsonl');
      const chain = await recordChain({ path, privateKey, every: { records: 10 } });
      expect(chain.nextSeq).toBe(15);
      const sink = jsonlSink({ path, chain });
      for (let index = 15; index < 22; index++) sink.write(syntheticRecord(index));
      await sink.close?.();
      const report = await verifyRecords({ files: [path], checkpoints: chain.checkpointsPath, publicKey });
      expect(report).toMatchObject({ ok: true, records: 22, signed: 22, unsigned: 0 });
      expect((await readCheckpoints(chain.checkpointsPath)).map((checkpoint) => checkpoint.size)).toEqual([
        10, 5, 7,
      ]);
    });

    it('continues records written after the last checkpoint (a crash before it): they join the next interval', async () => {
      const { privateKey, publicKey } = testKeys();
      const { path, checkpoints, lines } = await writeChainedLog({
        folder,
        count: 12,
        every: 10,
        privateKey,
      });
      // Drop the last checkpoint, as if the process died before writing it.
      const checkpointLines = (await readFile(checkpoints, 'utf8')).split('\n').filter(Boolean);
      await writeFile(checkpoints, `${checkpointLines[0]}\n`);
      const chain = await recordChain({ path, privateKey, every: { records: 10 } });
      const sink = jsonlSink({ path, chain });
      sink.write(syntheticRecord(12));
      await sink.close?.();
      expect(lines).toHaveLength(12);
      const report = await verifyRecords({ files: [path], checkpoints, publicKey });
      expect(report).toMatchObject({ ok: true, records: 13, signed: 13 });
    });

    it('refuses to extend a log modified since its last checkpoint', async () => {
      const { privateKey } = testKeys();
      const { path, lines } = await writeChainedLog({ folder, count: 12, every: 10, privateKey });
      const tampered = [...lines];
      tampered[10] = (tampered[10] as string).replace('request-000010', 'request-999999');
      await writeFile(path, `${tampered.join('\n')}\n`);
      const dropped = (await readFile(join(folder, 'records.checkpoints.jsonl'), 'utf8')).split('\n')[0];
      await writeFile(join(folder, 'records.checkpoints.jsonl'), `${dropped}\n`);
      await expect(recordChain({ path, privateKey })).rejects.toThrow(
        /records\.jsonl:12: record seq 11 does not follow seq 10 in the chain|record seq 11/,
      );
    });

    it('refuses a checkpoints file signed with another key', async () => {
      const { privateKey } = testKeys();
      const { path } = await writeChainedLog({ folder, count: 3, every: 10, privateKey });
      await expect(recordChain({ path, privateKey: testKeys().privateKey })).rejects.toThrow(
        'signed by another key',
      );
    });
  });

  describe('rotation', () => {
    it('runs the chain on across files: records.jsonl, records.1.jsonl, ... verify as one log', async () => {
      const { privateKey, publicKey } = testKeys();
      await writeChainedLog({ folder, count: 40, every: 10, privateKey, maxFileBytes: 4_000 });
      const path = join(folder, 'records.jsonl');
      const files = await logSegments(path);
      expect(files.length).toBeGreaterThan(3);
      expect(files[1]).toBe(join(folder, 'records.1.jsonl'));
      for (const file of files) expect((await readFile(file)).length).toBeLessThanOrEqual(4_000);
      const report = await verifyRecords({
        files,
        checkpoints: join(folder, 'records.checkpoints.jsonl'),
        publicKey,
      });
      expect(report).toMatchObject({ ok: true, records: 40, signed: 40 });
      // A whole file removed from the middle is named.
      const broken = await verifyRecords({
        files: [files[0] as string, ...files.slice(2)],
        checkpoints: join(folder, 'records.checkpoints.jsonl'),
        publicKey,
      });
      expect(broken.finding?.kind).toBe('removed');
    });
  });
});
