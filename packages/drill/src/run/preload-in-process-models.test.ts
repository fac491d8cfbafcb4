import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoTinyGgufOptions, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { fixtureScenario, inProcessFixtureScenario } from '../testing/fixture-scenario.js';
import { adapterImported } from './model-factory.js';
import { preloadInProcessModels } from './preload-in-process-models.js';
import { runDrill } from './run-drill.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-drill-preload-'));
  await writeTinyGguf({ path: join(dir, 'models', 'tiny.gguf'), ...demoTinyGgufOptions });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('preloadInProcessModels', () => {
  it('does nothing for a scenario without in-process targets', async () => {
    await preloadInProcessModels({ scenario: validateScenario(fixtureScenario()), baseDir: dir });
    expect(adapterImported('llama-cpp')).toBe(false);
  });

  it('starts the model that the drills after it serve from, the same records every time', async () => {
    const scenario = validateScenario(inProcessFixtureScenario('models/tiny.gguf'));
    await preloadInProcessModels({ scenario, baseDir: dir });
    expect(adapterImported('llama-cpp')).toBe(true);
    const preloaded = await runDrill({ scenario, baseDir: dir });
    expect(preloaded.passed).toBe(true);
    expect(preloaded.records.filter((record) => record.servedBy === 'llama-local').length).toBe(12);
    const again = await runDrill({ scenario, baseDir: dir });
    expect(JSON.stringify(preloaded.records)).toBe(JSON.stringify(again.records));
  }, 60_000);

  it('leaves a missing model file to the drill, which shows it as a cut-off of the target', async () => {
    const scenario = validateScenario(inProcessFixtureScenario('models/missing.gguf'));
    await expect(preloadInProcessModels({ scenario, baseDir: dir })).resolves.toBeUndefined();
    const result = await runDrill({ scenario, baseDir: dir });
    const local = result.records
      .flatMap((record) => record.attempts)
      .filter((attempt) => attempt.targetId === 'llama-local');
    expect(local[0]).toMatchObject({ failureKind: 'cutoff', code: 'model_file_missing' });
    expect(result.counts.lost).toBe(0);
  }, 30_000);
});
