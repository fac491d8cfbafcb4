import { mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { inMemoryModel } from '../testing/in-memory-model.js';
import { runDrill } from './run-drill.js';

// Recursive mkdir never returns on these paths: a regression fails here rather than hanging CI.
const bounded = 10_000;

const liveModels = () => ({
  'frontier-us': inMemoryModel({ provider: 'openai', modelId: 'gpt-frontier' }),
  'claude-eu': inMemoryModel({ provider: 'anthropic', modelId: 'claude-eu' }),
  'llama-local': inMemoryModel({ provider: 'ollama', modelId: 'llama-local' }),
});
const drillWithOut = (out: string) =>
  runDrill({ scenario: fixtureScenario(), mode: 'live', models: liveModels(), maxSpendUsd: 5, out });

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-drill-folder-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('runDrill', () => {
  describe('out', () => {
    it(
      'refuses at once a folder under /proc, before anything runs, naming it and why',
      async () => {
        await expect(drillWithOut('/proc/switchyard-x')).rejects.toThrow(
          'cannot make the output folder /proc/switchyard-x: cannot make the folder /proc/switchyard-x: the file system refuses it (ENOENT)',
        );
      },
      bounded,
    );

    it(
      'refuses at once a folder below a broken link, before anything runs',
      async () => {
        await symlink(join(folder, 'gone'), join(folder, 'dangling'));
        await expect(drillWithOut(join(folder, 'dangling', 'out'))).rejects.toThrow(
          `cannot make the folder ${join(folder, 'dangling')}: it exists, but is not a folder (a broken link?)`,
        );
      },
      bounded,
    );

    it.each(['', '  '])('refuses an out of %j, which would write into the working folder', async (out) => {
      const cwdBefore = await readdir(process.cwd());
      await expect(drillWithOut(out)).rejects.toThrow(
        `out ${JSON.stringify(out)}: expected a folder for the drill's files, e.g. "drill-out"`,
      );
      expect(await readdir(process.cwd())).toEqual(cwdBefore);
    });
  });
});
