import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { inProcessFixtureScenario } from '../testing/fixture-scenario.js';
import { adapterModelFactory, type ModelFactory } from './model-factory.js';
import { runDrill } from './run-drill.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-drill-llama-'));
  await writeTinyGguf({ path: join(dir, 'models', 'tiny.gguf'), ...demoTinyGgufOptions });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The fixture with its local target run in-process from `model`, the hosted targets cut off after 1 s. */
function inProcessScenario(model: string, overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  return inProcessFixtureScenario(model, {
    workload: {
      route: 'chat',
      rate: 10,
      total: 24,
      mix: { jurisdictions: { US: 1, DE: 1 } },
      streaming: 0.5,
    },
    timeline: [
      { at: '1s', type: 'cutoff', target: 'frontier-us', signal: 'model_withdrawn' },
      { at: '1s', type: 'cutoff', target: 'claude-eu', signal: 'key_revoked' },
    ],
    assertions: [{ type: 'success-rate', min: 1 }, { type: 'all-accounted' }],
    ...overrides,
  });
}

/** The llama-local attempts of a drill whose hosted targets are withdrawn at once, its local model read from `model`. */
async function localAttemptsWithModel(model: string) {
  const result = await runDrill({
    scenario: inProcessScenario(model, {
      timeline: [
        { at: '0ms', type: 'cutoff', target: 'frontier-us', signal: 'model_withdrawn' },
        { at: '0ms', type: 'cutoff', target: 'claude-eu', signal: 'model_withdrawn' },
      ],
    }),
    baseDir: dir,
  });
  const local = result.records
    .flatMap((record) => record.attempts)
    .filter((attempt) => attempt.targetId === 'llama-local');
  return { result, local };
}

describe('runDrill with an in-process (llama-cpp) target', () => {
  it('serves the cut-off traffic by real inference on the model file, relative to baseDir', async () => {
    const result = await runDrill({ scenario: inProcessScenario('models/tiny.gguf'), baseDir: dir });
    expect(result.passed).toBe(true);
    const local = result.records.filter((record) => record.servedBy === 'llama-local');
    expect(local.length).toBeGreaterThan(5);
    for (const record of local) {
      const attempt = record.attempts.at(-1);
      expect(attempt?.provider).toBe('llama-cpp');
      expect(attempt?.usage?.outputTokens).toBeGreaterThan(0);
    }
  }, 120_000);

  it('injects timeline faults at its adapter boundary', async () => {
    const scenario = inProcessScenario('models/tiny.gguf', {
      timeline: [{ at: '0ms', type: 'cutoff', target: 'llama-local', signal: 'model_withdrawn' }],
      workload: { route: 'chat', rate: 10, total: 6, mix: { jurisdictions: { US: 1 } } },
      assertions: [{ type: 'all-accounted' }],
    });
    // Only the local target may serve, and it is cut off from the start.
    scenario.config.routes = { chat: { targets: ['llama-local'] } };
    const result = await runDrill({ scenario, baseDir: dir });
    expect(result.counts.served).toBe(0);
    expect(result.events.some((event) => event.description.startsWith('router cut off llama-local'))).toBe(
      true,
    );
  }, 30_000);

  it('shows a missing model file as a cut-off of the target, not a crash', async () => {
    const { result, local } = await localAttemptsWithModel('models/missing.gguf');
    expect(local.length).toBeGreaterThan(0);
    expect(local[0]).toMatchObject({ failureKind: 'cutoff', code: 'model_file_missing' });
    expect(local[0]?.message).toContain(join(dir, 'models', 'missing.gguf'));
    expect(result.counts.lost).toBe(0);
    // Never served: the router sets it aside as misconfigured, and the drill shows it as an event.
    expect(result.events.map((event) => event.description)).toContain(
      'router set aside llama-local: misconfigured (model_file_missing), probed again every 30 s',
    );
  }, 30_000);

  it('shows a model file llama.cpp would abort the process on as a cut-off of the target, not a dead drill', async () => {
    // `llama.attention.head_count` 0: a GGML_ASSERT (SIGABRT) in llama.cpp; its u32 value follows the key and its type.
    const bytes = Buffer.from(await readFile(join(dir, 'models', 'tiny.gguf')));
    const key = 'llama.attention.head_count';
    bytes.writeUInt32LE(0, bytes.indexOf(`${key}\u0004`) + key.length + 4);
    await writeFile(join(dir, 'models', 'no-heads.gguf'), bytes);
    const { result, local } = await localAttemptsWithModel('models/no-heads.gguf');
    expect(local[0]).toMatchObject({ failureKind: 'cutoff', code: 'model_metadata_invalid' });
    expect(local[0]?.message).toContain(
      'GGUF metadata llama.attention.head_count: expected at least 1; found 0',
    );
    expect(result.counts.lost).toBe(0);
    expect(result.events.map((event) => event.description)).toContain(
      'router set aside llama-local: misconfigured (model_metadata_invalid), probed again every 30 s',
    );
  }, 30_000);

  it('fails with the error of the in-process model factory when its model fails to build while the SDKs are built', async () => {
    const built: string[] = [];
    const modelFactory: ModelFactory = async (options) => {
      built.push(options.target.id);
      if (options.target.provider === 'llama-cpp') throw new Error('no engine for llama-local');
      return adapterModelFactory(options);
    };
    await expect(
      runDrill({ scenario: inProcessScenario('models/tiny.gguf'), baseDir: dir, modelFactory }),
    ).rejects.toThrow('no engine for llama-local');
    // It started first, and the simulated targets were built meanwhile.
    expect(built[0]).toBe('llama-local');
    expect(built).toContain('frontier-us');
  });

  it('paces its real answers on the virtual clock by its latency entry, the same on every run', async () => {
    const scenario = inProcessScenario('models/tiny.gguf', {
      latency: { 'llama-local': { firstTokenMs: 500, tokensPerSecond: 50 } },
    });
    const first = await runDrill({ scenario, baseDir: dir });
    const attempts = first.records
      .flatMap((record) => record.attempts)
      .filter((attempt) => attempt.targetId === 'llama-local' && attempt.outcome === 'success');
    expect(attempts.length).toBeGreaterThan(5);
    // 500 ms to the first token, 20 ms per output token: the tokens it really generated.
    for (const attempt of attempts)
      expect(attempt.latencyMs).toBe(500 + 20 * (attempt.usage?.outputTokens ?? Number.NaN));
    const again = await runDrill({ scenario, baseDir: dir });
    expect(JSON.stringify(again.records)).toBe(JSON.stringify(first.records));
  }, 30_000);
});
