import { type DecisionRecord, DecisionRecordSchema } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { syntheticRecord } from '../test-fixtures/chained-log.js';
import { parseRecordLine } from './parse-record-line.js';

/** A version 2 record with a skipped candidate, a failed attempt and the plan's health. */
function recordV2(): DecisionRecord {
  const base = syntheticRecord(1);
  return {
    ...base,
    schemaVersion: 2,
    skipped: [{ targetId: 'beta', reason: 'cutoff', detail: 'cut off for CN callers' }],
    attempts: [
      {
        targetId: 'alpha',
        provider: 'openai',
        model: 'm',
        startMs: 0,
        latencyMs: 12,
        outcome: 'success',
        retry: 0,
        costUsd: 0.0001,
      },
    ],
    decision: {
      catalogVersion: 'c',
      priceVersion: 'p',
      promptTokens: 10,
      outputTokens: 5,
      order: ['alpha', 'beta'],
      health: [{ targetId: 'beta', cutoff: { since: 1, jurisdiction: 'CN', reason: 'region_blocked' } }],
    },
  } as DecisionRecord;
}

const line = (record: unknown) => JSON.stringify(record);

describe('parseRecordLine', () => {
  it.each([
    ['health', {}],
    ['a weighted order', { draws: [0.25, 0.75] }],
    ['the fastest order', { latencyMs: { alpha: 120, beta: 80.5 } }],
    ['the least busy order', { inFlight: { alpha: 2, beta: 0 } }],
    ['required capabilities', { requires: ['tools', 'json'] }],
  ])('reads a record a router writes (%s) as the schema reads it', (_name, inputs) => {
    const record = { ...recordV2(), decision: { ...recordV2().decision, ...inputs } };
    expect(parseRecordLine(line(record))).toEqual({ record: DecisionRecordSchema.parse(record) });
  });

  it.each([
    [
      'a verdict that is not an object',
      (r: DecisionRecord) => ({ ...r, verdicts: [null] }),
      /^verdicts\[0\]: /,
    ],
    [
      'a verdict without its target',
      (r: DecisionRecord) => ({ ...r, verdicts: [{ allowed: true, effect: 'default', ruleIds: [] }] }),
      /^verdicts\[0\]\.targetId: required/,
    ],
    [
      'a skipped entry of an unknown reason',
      (r: DecisionRecord) => ({ ...r, skipped: [{ targetId: 'b', reason: 'x', detail: '' }] }),
      /^skipped\[0\]\.reason: /,
    ],
    [
      'an attempt without its start',
      (r: DecisionRecord) => ({ ...r, attempts: [{ ...r.attempts[0], startMs: 'soon' }] }),
      /^attempts\[0\]\.startMs: wrong type/,
    ],
    [
      'a health entry that is not an object',
      (r: DecisionRecord) => ({ ...r, decision: { ...r.decision, health: [7] } }),
      /^decision\.health\[0\]: /,
    ],
    [
      'an order that is not a list',
      (r: DecisionRecord) => ({ ...r, decision: { ...r.decision, order: 'alpha' } }),
      /^decision\.order: /,
    ],
    [
      'a draw above 1',
      (r: DecisionRecord) => ({ ...r, decision: { ...r.decision, draws: [1.5] } }),
      /^decision\.draws\[0\]: /,
    ],
  ])('says what is wrong with %s instead of handing it to the replay', (_name, change, message) => {
    const parsed = parseRecordLine(line(change(recordV2())));
    expect(parsed).toEqual({ error: expect.stringMatching(message) });
  });

  it('reads a line that starts with a byte order mark (a file saved with one)', () => {
    const record = recordV2();
    expect(parseRecordLine(`\uFEFF${JSON.stringify(record)}`)).toEqual({ record });
  });

  it('refuses a cost whose sum over two records would be Infinity, as the report does', () => {
    const record = recordV2();
    const parsed = parseRecordLine(line({ ...record, totals: { ...record.totals, costUsd: 1e308 } }));
    expect(parsed).toEqual({
      error:
        'totals.costUsd: 1e+308 for one request; expected at most 1000000000000000 (a sum of such records would not be a number)',
    });
  });

  it("reads a version 1 record's cut_off as cutoff (through the schema)", () => {
    const v1 = { ...syntheticRecord(2), skipped: [{ targetId: 'b', reason: 'cut_off', detail: 'x' }] };
    expect(parseRecordLine(line(v1))).toMatchObject({ record: { skipped: [{ reason: 'cutoff' }] } });
  });
});

describe('parseRecordLine, a line that is not JSON', () => {
  it('says where and what was expected without quoting the line, which may hold a prompt', () => {
    for (const [line, message] of [
      [
        '{"prompt": "my password is hunter2-SECRET" oops}',
        'invalid JSON at column 44: expected a "," or "}" after a property value, found a letter',
      ],
      [
        '{"prompt": "hunter2-SECRET',
        'invalid JSON at column 27: expected the closing double quote of the text, found the end of the line',
      ],
      [
        '\uFEFFhunter2-SECRET',
        'invalid JSON at column 1: expected a value (an object, a list, text in double quotes, a number, true, false or null), found a letter',
      ],
    ] as const) {
      const parsed = parseRecordLine(line);
      expect(parsed).toEqual({ error: message });
      expect(JSON.stringify(parsed)).not.toMatch(/hunter2|SECRET|password/);
    }
  });
});
