import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileBudgets, parseConfig, planReservation } from '@switchyard/core';
import { createRedisBudgetStore } from '@switchyard/redis';
import { type RedisTestServer, startRedisServer } from '@switchyard/redis/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

let server: RedisTestServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server.stop();
});

const configText = `targets:
  - { id: gpt, provider: openai, model: gpt-5.4, hostedIn: US, origin: US, weights: closed, contextWindow: 100000, price: { input: 2, output: 10 } }
routes:
  chat: { targets: [gpt] }
budgets:
  - { id: tenant-daily, per: [tenant], limit: { usd: 1 }, window: { calendar: day } }
  - { id: all-hourly, limit: { requests: 100 }, window: { rolling: 1h } }
`;
const folder = mkdtempSync(join(tmpdir(), 'switchyard-budgets-'));
const configFile = join(folder, 'switchyard.yaml');
writeFileSync(configFile, configText);

function record(requestId: string, time: string, microUsd: number) {
  return {
    schemaVersion: 1,
    requestId,
    time,
    route: 'chat',
    operation: 'generate',
    context: { jurisdiction: 'US', tenant: 'acme' },
    policyVersion: 'p',
    verdicts: [],
    skipped: [],
    attempts: [
      {
        targetId: 'gpt',
        provider: 'openai',
        model: 'gpt-5.4',
        startMs: 0,
        latencyMs: 5,
        outcome: 'success',
        retry: 0,
        costUsd: microUsd / 1e6,
        budget: {
          counted: [
            { budgetId: 'tenant-daily', key: 'tenant-daily|tenant=acme' },
            { budgetId: 'all-hourly', key: 'all-hourly' },
          ],
          reserved: { microUsd: microUsd * 3, tokens: 900, requests: 1 },
          charged: { microUsd, tokens: 300, requests: 1 },
        },
      },
    ],
    servedBy: 'gpt',
    outcome: 'served',
    totals: {
      latencyMs: 5,
      attempts: 1,
      fallbackDepth: 0,
      usage: { inputTokens: 200, outputTokens: 100, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd: microUsd / 1e6,
      wastedCostUsd: 0,
    },
  };
}

describe('switchyard budgets', () => {
  it('rebuilds what each counter has left from decision records, each attempt counted once', async () => {
    const records = join(folder, 'records.jsonl');
    const lines = [
      record('a', '2026-06-24T22:00:00Z', 400_000), // yesterday: outside the day, outside the hour
      record('b', '2026-06-25T09:30:00Z', 250_000),
      record('c', '2026-06-25T09:45:00Z', 100_000),
    ].map((each) => JSON.stringify(each));
    writeFileSync(records, `${[...lines, lines[2]].join('\n')}\n`); // c twice: counted once
    const result = await run(
      'budgets',
      '--config',
      configFile,
      '--records',
      records,
      '--at',
      '2026-06-25T10:00:00Z',
      '--json',
    );
    expect(result.code).toBe(exitCodes.ok);
    const { budgets } = JSON.parse(result.stdout) as { budgets: unknown[] };
    expect(budgets).toEqual([
      {
        budgetId: 'all-hourly',
        key: 'all-hourly',
        unit: 'requests',
        limit: 100,
        spent: 2,
        reserved: 0,
        remaining: 98,
        resetsAt: Date.parse('2026-06-25T10:31:00Z'),
      },
      {
        budgetId: 'tenant-daily',
        key: 'tenant-daily|tenant=acme',
        unit: 'microUsd',
        limit: 1_000_000,
        spent: 350_000,
        reserved: 0,
        remaining: 650_000,
        resetsAt: Date.parse('2026-06-26T00:00:00Z'),
      },
    ]);
    const table = await run(
      'budgets',
      '--config',
      configFile,
      '--records',
      records,
      '--at',
      '2026-06-25T10:00:00Z',
    );
    expect(table.stdout).toMatch(
      /tenant-daily\s+│ tenant-daily\|tenant=acme │ day \(UTC\)\s+│ \$1\.00\s+│ \$0\.35\s+│/,
    );
  });

  it('reads spend and reservations in flight from the fleet’s Redis', async () => {
    const config = parseConfig({ text: configText, file: 'switchyard.yaml' });
    const budgets = compileBudgets({ budgets: config.budgets });
    const store = createRedisBudgetStore({ url: server.url, fleet: 'cli' });
    const now = Date.now();
    const applied = budgets.applicable('chat', { id: 'gpt', provider: 'openai' }, { tenant: 'acme' });
    const plan = (attemptId: string) =>
      planReservation({
        attemptId,
        applied,
        inputTokens: 1_000,
        maxOutputTokens: 1_000,
        target: { contextWindow: 100_000 },
        price: { input: 2, output: 10 },
        now,
        expiresAt: now + 60_000,
      }).request;
    await store.reserve(plan('done'));
    await store.reconcile({
      attemptId: 'done',
      counters: plan('done').counters,
      charged: { microUsd: 5_000, tokens: 700, requests: 1 },
      now,
    });
    await store.reserve(plan('in-flight'));
    await store.close();
    const result = await run(
      'budgets',
      '--config',
      configFile,
      '--redis',
      server.url,
      '--fleet',
      'cli',
      '--json',
    );
    expect(result.code).toBe(exitCodes.ok);
    const { budgets: rows } = JSON.parse(result.stdout) as {
      budgets: { key: string; spent: number; reserved: number; remaining: number }[];
    };
    expect(rows.find((row) => row.key === 'tenant-daily|tenant=acme')).toMatchObject({
      spent: 5_000,
      // the attempt in flight (1,000 input and 1,000 output tokens) and this process's 1 % lease
      reserved: 12_000 + 10_000,
      remaining: 1_000_000 - 27_000,
    });
    expect(rows.find((row) => row.key === 'all-hourly')).toMatchObject({
      spent: 1,
      reserved: 1 + 1, // the attempt in flight, and the lease (1 % of 100 requests)
      remaining: 97,
    });
  });

  it('refuses records with a bad line, or with no record at all, rather than show limits left whole (exit 3)', async () => {
    const bad = join(folder, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify(record('a', '2026-06-25T09:30:00Z', 250_000))}\nnot json\n{}\n`);
    const withBad = await run(
      'budgets',
      '--config',
      configFile,
      '--records',
      bad,
      '--at',
      '2026-06-25T10:00:00Z',
    );
    expect(withBad.code).toBe(exitCodes.invalidInput);
    expect(withBad.stderr).toContain(`${bad}:2: invalid JSON`);
    expect(withBad.stderr).toContain(
      '(and 1 more bad line(s)); expected decision records only: the spend rebuilt without a record would be too low',
    );
    const empty = join(folder, 'empty.jsonl');
    writeFileSync(empty, '\n\n');
    const none = await run('budgets', '--config', configFile, '--records', empty);
    expect(none.code).toBe(exitCodes.invalidInput);
    expect(none.stderr).toContain(`${empty} holds no decision records (empty, or only blank lines)`);
  });

  it('wants exactly one source', async () => {
    const neither = await run('budgets', '--config', configFile);
    expect(neither.code).toBe(exitCodes.usage);
    expect(neither.stderr).toContain('give either --records <file...> (decision records) or --redis <url>');
  });
});
