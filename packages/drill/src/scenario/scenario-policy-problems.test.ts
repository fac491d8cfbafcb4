import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { exportControlPolicy, fixtureScenario } from '../testing/fixture-scenario.js';
import { scenarioProblems } from '../testing/scenario-problems.js';
import { validateScenario } from './parse-scenario.js';
import type { ScenarioInput } from './scenario-schema.js';

const problems = (scenario: unknown): string[] => scenarioProblems(scenario);

describe('parseScenario', () => {
  describe('policy events, jurisdictions and data classes', () => {
    it('accepts the fixture', () => {
      expect(problems(fixtureScenario())).toEqual([]);
    });

    it('checks a timeline policy event against the drilled catalog before the run, as a config policy', () => {
      const scenario = fixtureScenario({
        timeline: [
          {
            at: '2s',
            type: 'policy',
            policy: {
              packs: ['eu-residency'],
              rules: [
                { ...exportControlPolicy.rules[0], when: { jurisdiction: ['cn'] } } as never,
                { id: 'x', description: 'd', source: 's', effect: 'deny', targets: { model: ['gpt-7*'] } },
              ],
            },
          },
        ],
      });
      expect(problems(scenario)).toEqual([
        'timeline[0].policy.packs[0]: unknown policy pack "eu-residency"; expected one of us-export-control-2026, eu-data-residency, model-origin',
        'timeline[0].policy.rules[0].when.jurisdiction[0]: unknown jurisdiction "cn"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (EU, EEA), or "unknown" for callers with no or an unknown jurisdiction; did you mean "CN"?',
        'timeline[0].policy.rules[1].targets.model[0]: model glob "gpt-7*" matches no target; expected a model glob matching one of gpt-frontier, claude-eu, llama-local',
      ]);
    });

    it('checks policy event references even when another part of the scenario fails the schema', () => {
      const scenario = fixtureScenario({
        timeline: [{ at: '2s', type: 'policy', policy: { packs: ['nope'] } }],
      }) as unknown as Record<string, unknown>;
      scenario.timeScale = 'fast';
      expect(problems(scenario)).toEqual([
        'timeScale: wrong type: got text "fast"; expected a finite number',
        expect.stringMatching(/^timeline\[0\]\.policy\.packs\[0\]: unknown policy pack "nope"/),
      ]);
    });

    it('checks workload jurisdictions and data classes, cut-off callers and assertion filters', () => {
      const base = fixtureScenario();
      const scenario: ScenarioInput = {
        ...base,
        workload: {
          ...base.workload,
          mix: { jurisdictions: { US: 1, de: 1 }, dataClasses: { Regulated: 1 } },
        },
        timeline: [
          { at: '2s', type: 'cutoff', target: 'frontier-us', signal: 'region_block', callers: ['EU', 'cn'] },
        ],
        assertions: [
          {
            type: 'served-only-by',
            where: { jurisdiction: ['XX'], dataClass: ['secret'] },
            targets: ['llama-local'],
          },
        ],
      };
      expect(problems(scenario)).toEqual([
        'workload.mix.jurisdictions.de: unknown jurisdiction "de"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA); did you mean "DE"?',
        'workload.mix.dataClasses.Regulated: unknown data class "Regulated"; expected one of public, internal, confidential, regulated (the config\'s callers.dataClasses); did you mean "regulated"?',
        'timeline[0].callers[0]: "EU" is a group; a cut-off blocks callers by country; expected ISO 3166-1 alpha-2 country codes in upper case, e.g. CN',
        'timeline[0].callers[1]: unknown country code "cn"; expected ISO 3166-1 alpha-2 country codes in upper case, e.g. CN; did you mean "CN"?',
        'assertions[0].where.jurisdiction[0]: unknown jurisdiction "XX"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA)',
        'assertions[0].where.dataClass[0]: unknown data class "secret"; expected one of public, internal, confidential, regulated (the config\'s callers.dataClasses)',
      ]);
    });

    it('refuses a group in a cut-off callers list, a group of the config included, as the README says', async () => {
      const base = fixtureScenario();
      const scenario = fixtureScenario({
        config: { ...base.config, groups: { SANCTIONED: ['CN', 'RU'] } },
        timeline: [
          {
            at: '2s',
            type: 'cutoff',
            target: 'frontier-us',
            signal: 'region_block',
            callers: ['CN', 'SANCTIONED', 'EEA'],
          },
        ],
      });
      expect(problems(scenario)).toEqual([
        'timeline[0].callers[1]: "SANCTIONED" is a group; a cut-off blocks callers by country; expected ISO 3166-1 alpha-2 country codes in upper case, e.g. CN',
        'timeline[0].callers[2]: "EEA" is a group; a cut-off blocks callers by country; expected ISO 3166-1 alpha-2 country codes in upper case, e.g. CN',
      ]);
      const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
      const cutoffRow = readme.split('\n').find((line) => line.startsWith('| `cutoff`')) ?? '';
      expect(cutoffRow).toMatch(
        /`callers` \(country codes \(ISO 3166-1 alpha-2\), never a group such as `EU`/,
      );
    });

    it('requires an offset on the start instant', () => {
      expect(problems(fixtureScenario({ start: '2026-06-25T09:00:00' }))).toEqual([
        expect.stringMatching(/^start: "2026-06-25T09:00:00" has no offset/),
      ]);
    });

    it('validates a TypeScript scenario with the same checks', () => {
      expect(() =>
        validateScenario(
          fixtureScenario({ timeline: [{ at: '1s', type: 'policy', policy: { packs: ['nope'] } }] }),
        ),
      ).toThrow(/<scenario> timeline\[0\]\.policy\.packs\[0\]: unknown policy pack "nope"/);
    });
  });
});
