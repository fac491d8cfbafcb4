import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EvidenceExample, evidenceExample } from './evidence-example.js';

let outDir: string;
let example: EvidenceExample;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'switchyard-example-evidence-'));
  example = await evidenceExample({ outDir });
}, 120_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('evidenceExample', () => {
  it("reproduces every one of the drill's 1,200 records under its own policy and state", () => {
    expect(example.selfCheck).toMatchObject({
      records: 1_200,
      reproduced: 1_200,
      mismatched: 0,
      badLines: 0,
    });
  });

  it('tells which records the policy of the day before would have served elsewhere, and by which rule', () => {
    const { total, byJurisdiction, rules } = example.asRecorded;
    expect(total).toMatchObject({ records: 1_200, asWas: 994, elsewhere: 206, denied: 0, failed: 0 });
    // Only CN and RU callers move: the on-premises rule of the control no longer applies.
    expect(byJurisdiction.CN).toMatchObject({ elsewhere: 94 });
    expect(byJurisdiction.RU).toMatchObject({ elsewhere: 112 });
    expect(byJurisdiction.US).toMatchObject({ elsewhere: 0 });
    expect(rules).toEqual({ 'acme/restricted-on-premises': 206 });
    // A model never called: its latency and quality are not invented.
    const moved = example.asRecorded.examples.find((outcome) => outcome.kind === 'elsewhere');
    expect(moved).toMatchObject({
      servedBy: { basis: 'estimated' },
      latencyMs: { value: null, basis: 'unknowable' },
      quality: { value: null, basis: 'unknowable' },
    });
  });

  it('separates the policy from the health: with every target healthy the frontier model keeps more traffic', () => {
    expect(example.allHealthy.total).toMatchObject({ records: 1_200, elsewhere: 703 });
  });

  it('writes the what-if page and the tables', async () => {
    const html = await readFile(example.htmlPath, 'utf8');
    expect(html).toContain('What if the export control had not come in');
    expect(html).toContain('acme/restricted-on-premises');
    expect(example.text).toContain('Outcomes under the other config');
  });

  it('verifies the tamper-evident log as written, and names the record that was edited', () => {
    expect(example.verify.intact).toMatchObject({ ok: true, records: 25, signed: 25 });
    expect(example.verify.edited.ok).toBe(false);
    expect(example.verify.edited.finding).toMatchObject({ kind: 'modified', seq: 12 });
  });
});
