import { runOnVirtualTime } from '@switchyard/drill';
import { describe, expect, it } from 'vitest';
import { canonicalAnswer, normalise } from './failoverbench/canonical-answer.js';
import { banScenarios, catalogue } from './failoverbench/catalogue.js';
import { FaultWall } from './failoverbench/fault-wall.js';
import { formatScoreboard } from './failoverbench/format-scoreboard.js';
import {
  type CallMode,
  createSystem,
  guardedCall,
  routeOf,
  runBan,
  runCatalogue,
  runScenario,
} from './failoverbench/run-catalogue.js';
import { tagKey } from './failoverbench/score-cell.js';
import { serveWall } from './failoverbench/serve-wall.js';

const startMs = Date.parse('2026-10-05T09:00:00Z');

describe('the public failover catalogue (failoverbench v0.1) through the router', () => {
  it('scores 16 of 16 pass and 4 of 4 bans, streamed and generated, with README defaults', async () => {
    const runs = [];
    for (const mode of ['stream', 'generate'] as CallMode[]) {
      const { value } = await runOnVirtualTime({ startMs, run: () => runCatalogue({ mode }) });
      runs.push({ mode, ...value });
    }
    console.log(formatScoreboard(runs));
    for (const run of runs) {
      expect(run.cells.map((cell) => `${cell.id} ${cell.verdict}`)).toEqual(
        catalogue.map((scenario) => `${scenario.id} pass`),
      );
      expect(run.bans.map((ban) => `${ban.id} ${ban.verdict}`)).toEqual([
        'B1 pass',
        'B2 pass',
        'B3 pass',
        'B4 pass',
      ]);
    }
  });

  it('sends a persistently failing primary at most 3 attempts over 25 consecutive requests, and serves all 25', async () => {
    const persistent = ['S02', 'S04', 'S06', 'S08', 'S09', 'S10'];
    const rows: string[] = [];
    for (const mode of ['stream', 'generate'] as CallMode[]) {
      for (const id of persistent) {
        const scenario = catalogue.find((entry) => entry.id === id);
        if (scenario === undefined) throw new Error(`no scenario ${id}`);
        const { value } = await runOnVirtualTime({
          startMs,
          run: async () => {
            const system = createSystem();
            let complete = 0;
            for (let index = 0; index < 25; index++) {
              const call = await guardedCall({
                system,
                route: routeOf(scenario),
                mode,
                maxWallS: scenario.maxWallS,
              });
              if (call.outcome === 'success' && normalise(call.content) === normalise(canonicalAnswer))
                complete++;
            }
            const attempts = system.wall.log.filter(
              (entry) => tagKey(entry.model) === tagKey(scenario.model),
            ).length;
            await system.router.close();
            return { complete, attempts };
          },
        });
        rows.push(
          `${mode.padEnd(9)} ${id} ${scenario.title.padEnd(38)} ${value.attempts} primary attempt(s), ${value.complete}/25 complete`,
        );
        expect({ id, mode, complete: value.complete }).toEqual({ id, mode, complete: 25 });
        expect(value.attempts, `${mode} ${id}`).toBeLessThanOrEqual(3);
      }
    }
    console.log(`25 consecutive requests to a persistently failing primary:\n${rows.join('\n')}`);
  });

  it('scores the same over a real loopback socket, for the faults that need no long wait', async () => {
    // No wait between words: this run is in real time, over HTTP, as the public runner makes it.
    const wall = new FaultWall({ timing: { tokenIntervalMs: 0 } });
    const served = await serveWall(wall);
    try {
      const system = createSystem({ wall, baseURL: served.baseURL });
      const verdicts: string[] = [];
      for (const id of ['S03', 'S04', 'S05', 'S08', 'S10', 'S11', 'S12', 'S13', 'S14', 'S16']) {
        const scenario = catalogue.find((entry) => entry.id === id);
        if (scenario === undefined) throw new Error(`no scenario ${id}`);
        const cell = await runScenario({ system, scenario, mode: 'stream' });
        verdicts.push(`${cell.id} ${cell.verdict}${cell.verdict === 'pass' ? '' : `: ${cell.reason}`}`);
      }
      const ban = await runBan({
        system,
        scenario: banScenarios[0] as (typeof banScenarios)[number],
        mode: 'stream',
      });
      await system.router.close();
      expect(verdicts).toEqual(
        ['S03', 'S04', 'S05', 'S08', 'S10', 'S11', 'S12', 'S13', 'S14', 'S16'].map((id) => `${id} pass`),
      );
      expect(ban.verdict).toBe('pass');
    } finally {
      await served.close();
    }
  });
});
