import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BasisDocument, DecisionRecord } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, setup } from '../test-fixtures/router-harness.js';
import { jsonlSink } from './jsonl-sink.js';
import type { RecordChain } from './record-chain.js';
import { basisPathFor, segmentPath } from './segment-path.js';

const record = (requestId: string) => ({ requestId, padding: 'x'.repeat(80) }) as unknown as DecisionRecord;
let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'switchyard-jsonl-rotation-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

describe('jsonlSink', () => {
  describe('basis documents', () => {
    it('keeps the catalog, prices and each policy once, beside the records, before the records that name them', async () => {
      const path = join(folder, 'records.jsonl');
      const sink = jsonlSink({ path });
      const { router, model } = setup({ alpha: [{ text: 'one' }, { text: 'two' }] }, { sinks: [sink] });
      await model.doGenerate(call());
      router.setPolicy({ id: 'next', rules: [] });
      router.setPolicy({ id: 'next', rules: [] });
      await model.doGenerate(call());
      await router.close();
      expect(sink.basisPath).toBe(join(folder, 'records.basis.jsonl'));
      const documents = lines(basisPathFor(path)).map((line) => JSON.parse(line) as BasisDocument);
      expect(documents.map((document) => document.kind)).toEqual(['catalog', 'prices', 'policy', 'policy']);
      const records = lines(path).map((line) => JSON.parse(line) as DecisionRecord);
      expect(records.map((entry) => entry.policyVersion)).toEqual(
        documents.filter((document) => document.kind === 'policy').map((document) => document.version),
      );
      expect(records[0]?.decision?.catalogVersion).toBe(documents[0]?.version);
    });

    it('keeps none with basisPath: false', async () => {
      const sink = jsonlSink({ path: join(folder, 'records.jsonl'), basisPath: false });
      const { router, model } = setup({ alpha: [{ text: 'one' }] }, { sinks: [sink] });
      await model.doGenerate(call());
      await router.close();
      expect(readdirSync(folder)).toEqual(['records.jsonl']);
    });
  });

  describe('rotation', () => {
    it('starts the next file before one would pass maxFileBytes, and a new sink continues the last one', async () => {
      const path = join(folder, 'records.jsonl');
      const first = jsonlSink({ path, maxFileBytes: 1_000 });
      for (let index = 0; index < 25; index++) first.write(record(`a${index}`));
      await first.close?.();
      const second = jsonlSink({ path, maxFileBytes: 1_000 });
      for (let index = 0; index < 5; index++) second.write(record(`b${index}`));
      await second.close?.();
      const files = readdirSync(folder).sort();
      expect(files.length).toBeGreaterThan(2);
      expect(segmentPath(path, 1)).toBe(join(folder, 'records.1.jsonl'));
      const ids: string[] = [];
      for (let index = 0; index < files.length; index++) {
        const file = segmentPath(path, index);
        expect(statSync(file).size).toBeLessThanOrEqual(1_000);
        ids.push(...lines(file).map((line) => (JSON.parse(line) as { requestId: string }).requestId));
      }
      expect(ids).toEqual([
        ...Array.from({ length: 25 }, (_, i) => `a${i}`),
        ...Array.from({ length: 5 }, (_, i) => `b${i}`),
      ]);
    });
  });

  describe('chain', () => {
    it('seals records when they are written out, in order, and tells the chain what reached the disk', async () => {
      const events: string[] = [];
      let seq = 0;
      const chain: RecordChain = {
        seal: (entry) => `${JSON.stringify({ ...entry, chain: { seq: seq++ } })}\n`,
        sealBasis: (document) => `${JSON.stringify(document)}\n`,
        written: async ({ records, basis }) => {
          events.push(`written ${records} ${basis}`);
        },
        close: async () => {
          events.push('close');
        },
      };
      const path = join(folder, 'records.jsonl');
      const sink = jsonlSink({ path, chain });
      sink.write(record('a'));
      sink.write(record('b'));
      expect(seq).toBe(0);
      await sink.close?.();
      expect(lines(path).map((line) => (JSON.parse(line) as { chain: { seq: number } }).chain.seq)).toEqual([
        0, 1,
      ]);
      expect(events).toEqual(['written 2 0', 'close']);
    });
  });
});
