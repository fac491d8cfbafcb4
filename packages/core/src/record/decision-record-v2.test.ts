import { describe, expect, it } from 'vitest';
import { compileConfigPolicy } from '../config/compile-config-policy.js';
import { validateConfig } from '../config/validate-config.js';
import { policyHash } from '../policy/policy-hash.js';
import { BasisDocumentSchema } from './basis-document.js';
import { catalogDocuments, policyDocument } from './basis-documents.js';
import { DecisionRecordSchema } from './decision-record.js';

const v1 = {
  schemaVersion: 1,
  requestId: 'r1',
  time: '2026-06-25T10:00:00.000Z',
  route: 'chat',
  operation: 'generate',
  context: { jurisdiction: 'DE' },
  policyVersion: '0123456789abcdef',
  verdicts: [{ targetId: 'a', allowed: true, effect: 'default', ruleIds: [], reason: 'no rule denies it' }],
  skipped: [],
  attempts: [],
  servedBy: null,
  outcome: 'failed',
  totals: {
    latencyMs: 0,
    attempts: 0,
    fallbackDepth: 0,
    usage: { inputTokens: 0, outputTokens: 0 },
    costUsd: 0,
    wastedCostUsd: 0,
  },
};
const decision = {
  catalogVersion: 'c',
  priceVersion: 'p',
  promptTokens: 10,
  outputTokens: 500,
  health: [
    { targetId: 'a', cutoff: { jurisdiction: 'DE', reason: 'region_blocked', since: 1, probeDue: true } },
  ],
  order: [],
};

describe('DecisionRecordSchema', () => {
  it('reads version 1 records (reasons included) and version 2 records (with `decision`, reasons left out)', () => {
    expect(DecisionRecordSchema.safeParse(v1).success).toBe(true);
    const { reason: _reason, ...verdict } = v1.verdicts[0] as (typeof v1.verdicts)[number];
    const v2 = { ...v1, schemaVersion: 2, verdicts: [verdict], decision, chain: { seq: 3, prev: 'x' } };
    expect(DecisionRecordSchema.parse(v2).decision?.health?.[0]?.cutoff?.probeDue).toBe(true);
  });

  it('rejects a version 2 record without its inputs, and a version 1 record with them', () => {
    const missing = DecisionRecordSchema.safeParse({ ...v1, schemaVersion: 2 });
    expect(missing.error?.issues[0]).toMatchObject({ path: ['decision'] });
    const extra = DecisionRecordSchema.safeParse({ ...v1, decision });
    expect(extra.error?.issues[0]).toMatchObject({ path: ['schemaVersion'] });
  });
});

describe('basis documents', () => {
  const config = validateConfig(
    {
      targets: [
        {
          id: 'a',
          provider: 'openai',
          model: 'gpt-5.4',
          hostedIn: 'US',
          origin: 'US',
          weights: 'closed',
          contextWindow: 1000,
          price: { input: 1, output: 2 },
        },
      ],
      routes: { chat: { targets: ['a'] } },
      policy: { packs: ['us-export-control-2026'] },
    },
    { file: 'test' },
  );

  it('name the catalog, the prices and the policy by versions a record carries', () => {
    const { catalog, prices } = catalogDocuments({ config });
    const compiled = compileConfigPolicy({ config });
    const policy = policyDocument({ config, compiled, catalogVersion: catalog.version });
    expect(catalog.version).toBe(policyHash({ targets: config.targets, routes: config.routes }));
    expect(prices.prices).toEqual({ a: { input: 1, output: 2 } });
    expect(policy).toMatchObject({
      kind: 'policy',
      version: compiled.version,
      catalogVersion: catalog.version,
    });
    // The packs stay by name: compiled again over the catalog, it gives the same version.
    expect(policy.policy.packs).toEqual(['us-export-control-2026']);
    for (const document of [catalog, prices, policy])
      expect(BasisDocumentSchema.parse(JSON.parse(JSON.stringify(document)))).toEqual(document);
  });
});
