import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/parse-scenario.js';
import type { DrillResult } from './drill-result.js';
import { runDrill } from './run-drill.js';

const drillsDir = new URL('../../../../examples/drills/', import.meta.url).pathname;
const files = (await readdir(drillsDir)).filter((name) => name.endsWith('.yaml')).sort();
// The in-process local model of the drills (llama-cpp targets), as `pnpm demo` writes it.
const tinyModel = new URL('../../../../.switchyard/models/switchyard-tiny.gguf', import.meta.url).pathname;

beforeAll(async () => {
  await writeTinyGguf({ path: tinyModel, ...demoTinyGgufOptions });
});

/** What each shipped drill does with seed 1, exactly: on virtual time a drill is a function of its seed. */
const expected: Record<
  string,
  {
    counts: DrillResult['counts'];
    served: Record<string, number>;
    sameTargetRetries: Record<string, number>;
    events: string[];
    simulatedMs: number;
    /** Tokens of the in-process model's answers (real inference, greedy): the same on every run. */
    inProcessTokens: { input: number; output: number };
  }
> = {
  'budget-day.yaml': {
    // The streams cut after content are finished on another target (mid-stream continuation, 2 of
    // them) and every cut segment is charged its bound: nothing fails.
    counts: { planned: 600, sent: 600, served: 600, failed: 0, lost: 0, attempts: 604, fallbacks: 4 },
    // Once the hosted budgets are spent (about +2m), local open weights serve.
    served: { 'openai-gpt': 242, claude: 64, 'local-llama': 294 },
    sameTargetRetries: {},
    events: [
      '+30000 timeline OpenAI cuts streams: stream-fault cut after 2 chunks on openai',
      '+60000 timeline OpenAI cuts streams: stream-fault cut after 2 chunks on openai ends',
    ],
    simulatedMs: 300400,
    inProcessTokens: { input: 0, output: 0 },
  },
  'export-control-day.yaml': {
    counts: { planned: 1200, sent: 1200, served: 1200, failed: 0, lost: 0, attempts: 1208, fallbacks: 6 },
    served: { 'openai-frontier': 415, 'anthropic-claude': 313, 'eu-mistral': 266, 'local-llama': 206 },
    sameTargetRetries: { 'anthropic-claude': 2 },
    events: [
      '+55000 timeline provider region-blocks CN, RU: cutoff region_block on openai-frontier for CN, RU callers',
      '+55630 router router cut off openai-frontier for RU callers (region_blocked)',
      '+58802 router router cut off openai-frontier for CN callers (region_blocked)',
      '+60000 timeline export control effective: policy change',
      '+120000 timeline vendor withdraws the model worldwide: cutoff model_withdrawn on openai-frontier',
      '+120667 router router cut off openai-frontier for everyone (model_withdrawn)',
      '+180000 timeline 503 storm at the second provider: outage server_error 503 on anthropic',
      '+240000 timeline 503 storm at the second provider: outage server_error 503 on anthropic ends',
    ],
    simulatedMs: 301118,
    inProcessTokens: { input: 184154, output: 618 },
  },
  'hosted-blackout.yaml': {
    counts: { planned: 160, sent: 160, served: 160, failed: 0, lost: 0, attempts: 163, fallbacks: 3 },
    // The in-process model (real inference, paced on the virtual clock) serves everything after 40 s.
    served: { 'openai-frontier': 37, 'anthropic-claude': 20, 'eu-mistral': 25, 'local-llama': 78 },
    sameTargetRetries: {},
    events: [
      '+20000 timeline the frontier provider revokes the key: cutoff key_revoked on openai-frontier',
      '+20244 router router cut off openai-frontier for everyone (key_revoked)',
      '+30000 timeline the second provider withdraws its model: cutoff model_withdrawn on anthropic-claude',
      '+30115 router router cut off anthropic-claude for everyone (model_withdrawn)',
      '+40000 timeline the EU server loses its model: cutoff model_withdrawn on eu-mistral',
      '+40387 router router cut off eu-mistral for everyone (model_withdrawn)',
    ],
    simulatedMs: 80174,
    inProcessTokens: { input: 24594, output: 234 },
  },
  'key-revoked.yaml': {
    counts: { planned: 360, sent: 360, served: 360, failed: 0, lost: 0, attempts: 362, fallbacks: 2 },
    served: { 'openai-gpt': 90, claude: 180, 'local-llama': 90 },
    sameTargetRetries: {},
    events: [
      '+60000 timeline OpenAI key revoked: cutoff key_revoked on openai',
      '+60000 router router cut off openai-gpt for everyone (key_revoked)',
      '+120000 timeline Anthropic quota exhausted: cutoff quota_exhausted on anthropic',
      '+120001 router router cut off claude for everyone (billing)',
      '+180000 timeline Anthropic quota raised: restore on anthropic',
    ],
    simulatedMs: 240271,
    inProcessTokens: { input: 0, output: 0 },
  },
  'legal-block.yaml': {
    // One 451 per blocked jurisdiction, then the router sends DE and FR callers to claude.
    counts: { planned: 240, sent: 240, served: 240, failed: 0, lost: 0, attempts: 242, fallbacks: 2 },
    served: { 'openai-gpt': 169, claude: 71, 'local-llama': 0 },
    sameTargetRetries: {},
    events: [
      '+30000 timeline court order in DE and FR: cutoff legal_block on openai-gpt for DE, FR callers',
      '+30000 router router cut off openai-gpt for FR callers (legal_block)',
      '+33500 router router cut off openai-gpt for DE callers (legal_block)',
    ],
    simulatedMs: 120225,
    inProcessTokens: { input: 0, output: 0 },
  },
  'provider-outage.yaml': {
    counts: { planned: 450, sent: 450, served: 450, failed: 0, lost: 0, attempts: 464, fallbacks: 7 },
    served: { 'openai-gpt': 263, claude: 187, 'local-llama': 0 },
    sameTargetRetries: { 'openai-gpt': 7 },
    events: [
      '+60000 timeline connection resets: outage connection_reset on openai',
      '+90000 timeline connection resets: outage connection_reset on openai ends',
      '+120000 timeline 503s: outage server_error 503 on openai',
      '+180000 timeline 503s: outage server_error 503 on openai ends',
      '+210000 timeline overloaded: outage server_error 529 on openai',
      '+210000 timeline backup slow: latency +2000 ms on claude',
      '+240000 timeline overloaded: outage server_error 529 on openai ends',
      '+240000 timeline backup slow: latency +2000 ms on claude ends',
    ],
    simulatedMs: 300159,
    inProcessTokens: { input: 0, output: 0 },
  },
  'rate-limit-storm.yaml': {
    counts: { planned: 1200, sent: 1200, served: 1200, failed: 0, lost: 0, attempts: 1215, fallbacks: 10 },
    served: { claude: 216, 'openai-gpt': 609, 'local-llama': 375 },
    // The backup's retry-after of 1 s is short: the router waits and retries the same target.
    sameTargetRetries: { 'openai-gpt': 2 },
    events: [
      '+20000 timeline primary 429 storm: rate_limited retry-after 30 s on anthropic',
      '+50000 timeline backup 429s: rate_limited retry-after 1 s on openai',
      '+70000 timeline backup 429s: rate_limited retry-after 1 s on openai ends',
      '+100000 timeline primary 429 storm: rate_limited retry-after 30 s on anthropic ends',
    ],
    simulatedMs: 102150,
    inProcessTokens: { input: 0, output: 0 },
  },
  'stream-faults.yaml': {
    // Three broken streams open the primary's circuit; each half-open trial is a stream judged when
    // it ends, and breaks too, so the circuit stays open through the faults (few attempts wasted).
    counts: { planned: 210, sent: 210, served: 210, failed: 0, lost: 0, attempts: 217, fallbacks: 6 },
    served: { 'openai-gpt': 30, claude: 180, 'local-llama': 0 },
    // A generate call with a malformed chunk is retried on the same target (streams are continued).
    sameTargetRetries: { 'openai-gpt': 1 },
    events: [
      '+30000 timeline streams cut: stream-fault cut after 2 chunks on openai',
      '+90000 timeline streams cut: stream-fault cut after 2 chunks on openai ends',
      '+90000 timeline streams stall: stream-fault stall after 1 chunk on openai',
      '+150000 timeline streams stall: stream-fault stall after 1 chunk on openai ends',
      '+150000 timeline malformed chunks: stream-fault malformed after 3 chunks on openai',
    ],
    simulatedMs: 209982,
    inProcessTokens: { input: 0, output: 0 },
  },
};

describe('shipped drills (examples/drills)', () => {
  it('ships the drills of the issues', () => {
    expect(files).toEqual(Object.keys(expected));
  });

  describe.each(files)('%s', (name) => {
    it('passes every assertion in simulated mode with exactly the counts, events and retries of seed 1', async () => {
      const file = join(drillsDir, name);
      const scenario = parseScenario({ text: await readFile(file, 'utf8'), file });
      const result = await runDrill({ scenario, baseDir: drillsDir });
      const want = expected[name];
      const failed = result.verdicts.filter((verdict) => !verdict.passed);
      expect(failed.map((verdict) => `${verdict.name}: ${verdict.summary}`)).toEqual([]);
      expect(result.passed).toBe(true);
      expect(result.counts).toEqual(want?.counts);
      expect(
        Object.fromEntries(Object.entries(result.targets).map(([id, figures]) => [id, figures.served])),
      ).toEqual(want?.served);
      const retries: Record<string, number> = {};
      for (const record of result.records)
        for (const attempt of record.attempts)
          if (attempt.retry > 0) retries[attempt.targetId] = (retries[attempt.targetId] ?? 0) + 1;
      expect(retries).toEqual(want?.sameTargetRetries);
      expect(result.events.map((event) => `+${event.atMs} ${event.source} ${event.description}`)).toEqual(
        want?.events,
      );
      expect(result.simulatedMs).toBe(want?.simulatedMs);
      const local = result.records
        .flatMap((record) => record.attempts)
        .filter((attempt) => attempt.provider === 'llama-cpp');
      expect({
        input: local.reduce((sum, attempt) => sum + (attempt.usage?.inputTokens ?? 0), 0),
        output: local.reduce((sum, attempt) => sum + (attempt.usage?.outputTokens ?? 0), 0),
      }).toEqual(want?.inProcessTokens);
      expect(result.records).toHaveLength(scenario.workload.total);
    }, 180_000);
  });
});
