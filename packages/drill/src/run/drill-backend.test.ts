import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Target } from '@switchyard/core';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { inProcessFixtureScenario } from '../testing/fixture-scenario.js';
import { createDrillBackend } from './drill-backend.js';
import { adapterModelFactory } from './model-factory.js';
import { runDrill } from './run-drill.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-drill-backend-'));
  await writeTinyGguf({ path: join(dir, 'models', 'tiny.gguf'), ...demoTinyGgufOptions });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The fixture served by its in-process model alone, half of it streamed. */
const inProcessScenario = () =>
  inProcessFixtureScenario('models/tiny.gguf', {
    workload: {
      route: 'chat',
      rate: 20,
      total: 16,
      mix: { jurisdictions: { US: 1, DE: 1 } },
      streaming: 0.5,
    },
  });

describe('createDrillBackend with an in-process model', () => {
  // First in this file's process: the model file has not started loading before this drill.
  it('starts a simulated drill while the model loads, with the records of a drill that found it loaded', async () => {
    const scenario = validateScenario(inProcessScenario());
    const whileLoading = await runDrill({ scenario, baseDir: dir });
    expect(whileLoading.records.filter((record) => record.servedBy === 'llama-local').length).toBe(16);
    const loaded = await runDrill({ scenario, baseDir: dir });
    expect(JSON.stringify(loaded.records)).toBe(JSON.stringify(whileLoading.records));
  }, 60_000);

  it('loads it during the run in simulated mode only, and before the clock starts in loopback mode', async () => {
    const scenario = validateScenario(inProcessScenario());
    const common = { scenario, timeScale: 1, modelFactory: adapterModelFactory, baseDir: dir };
    const simulated = await createDrillBackend({ ...common, mode: 'simulated' });
    await simulated.stop();
    expect([...simulated.loadingDuringRun]).toEqual(['llama-local']);
    const loopback = await createDrillBackend({ ...common, mode: 'loopback' });
    await loopback.stop();
    expect(loopback.loadingDuringRun.size).toBe(0);
    const target = (scenario.config.targets as Target[]).find(
      (entry) => entry.id === 'llama-local',
    ) as Target;
    const model = (await adapterModelFactory({ target, baseDir: dir })) as { load?: unknown };
    expect(model.load).toMatchObject({ sequences: 1, maxQueued: 64 });
  }, 30_000);
});
