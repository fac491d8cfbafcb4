import { baseConfig, withValue } from './base-config.js';
import type { MalformedCase } from './malformed-configs.js';

type Path = readonly (string | number)[];
const print = (path: Path) =>
  path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${key}` : key),
    '',
  );

/** A small valid scenario over the corpus config, with a policy event. */
export function baseScenario(): Record<string, unknown> {
  const config = baseConfig();
  // A drill builds every target's model: the EU target is served by a provider it simulates
  // (mistral has no simulator, so a scenario with it is refused before it runs).
  config.targets = (config.targets as Record<string, unknown>[]).map((target) =>
    target.provider === 'mistral' ? { ...target, provider: 'ollama' } : target,
  );
  return {
    name: 'corpus',
    start: '2026-06-25T09:00:00Z',
    timeScale: 100,
    config,
    workload: {
      route: 'chat',
      rate: 10,
      // 30 requests at 10/s: the last goes at +2.9 s, after the cut-off at +2 s (20 would end before it).
      total: 30,
      mix: { jurisdictions: { US: 2, DE: 1, CN: 1 }, dataClasses: { internal: 1, regulated: 1 } },
    },
    timeline: [
      {
        at: '1s',
        type: 'policy',
        policy: structuredClone((config.policy as Record<string, unknown>) ?? {}),
      },
      { at: '2s', type: 'cutoff', target: 'openai-gpt', signal: 'region_block', callers: ['CN'] },
    ],
    assertions: [
      { type: 'all-accounted' },
      {
        type: 'served-only-by',
        where: { jurisdiction: ['EU'], dataClass: ['regulated'] },
        targets: ['eu-mistral', 'local-llama'],
      },
    ],
  };
}

const rule = ['timeline', 0, 'policy', 'rules', 0] as const;

/** Malformed drill scenarios: bad policy events, jurisdictions, data classes, instants and durations. */
export function malformedScenarios(): MalformedCase[] {
  const cases: MalformedCase[] = [];
  const add = (name: string, path: Path, value: unknown, at: Path = path) =>
    cases.push({
      name,
      text: `${JSON.stringify(withValue(baseScenario(), path, value), null, 2)}\n`,
      file: 'drill.json',
      path: print(at),
    });

  // Timeline policy events are checked against the drilled catalog before the run.
  for (const [path, value] of [
    [['timeline', 0, 'policy', 'packs', 0], 'us-export-control'],
    [['timeline', 0, 'policy', 'defaultEffect'], 'maybe'],
    [['timeline', 0, 'policy', 'rules'], 'none'],
    [[...rule, 'effect'], 'forbid'],
    [[...rule, 'effective'], '2026-06-25T00:00:00'],
    [[...rule, 'expires'], '2026-02-30T00:00:00Z'],
    [[...rule, 'when', 'jurisdiction', 0], 'cn'],
    [[...rule, 'when', 'jurisdiction', 0], 'XX'],
    [[...rule, 'when', 'dataClass', 0], 'secret'],
    [[...rule, 'when', 'tenant', 0], 'initech-*'],
    [[...rule, 'targets', 'provider', 0], 'anthropic'],
    [[...rule, 'targets', 'model', 0], 'claude*'],
    [[...rule, 'targets', 'tags', 0], 'frontiers'],
    [[...rule, 'targets', 'hostedIn', 0], 'JP'],
    [[...rule, 'targets', 'origin', 0], 'self'],
    [[...rule, 'targets', 'licence', 0], 'MIT'],
    [[...rule, 'targets', 'capability', 0], 'vision'],
    [[...rule, 'targets', 'id', 0], 'ghost-*'],
    [[...rule, 'unless'], {}],
  ] as [Path, unknown][]) {
    add(`policy event: ${print(path)} = ${JSON.stringify(value)}`, path, value);
  }
  // Jurisdictions and data classes of the workload, cut-offs and assertion filters.
  for (const code of ['us', 'XX', 'EUR', 'self', 'unknown', 'Germany']) {
    add(`workload jurisdiction ${code}`, ['workload', 'mix', 'jurisdictions'], { US: 1, [code]: 1 }, [
      'workload',
      'mix',
      'jurisdictions',
      code,
    ]);
    add(`cut-off caller ${code}`, ['timeline', 1, 'callers', 0], code);
    add(`assertion filter jurisdiction ${code}`, ['assertions', 1, 'where', 'jurisdiction', 0], code);
  }
  add('cut-off caller given as a group', ['timeline', 1, 'callers', 0], 'EU');
  for (const dataClass of ['Regulated', 'secret', 'confidential']) {
    add(`workload data class ${dataClass}`, ['workload', 'mix', 'dataClasses'], { [dataClass]: 1 }, [
      'workload',
      'mix',
      'dataClasses',
      dataClass,
    ]);
    add(`assertion filter data class ${dataClass}`, ['assertions', 1, 'where', 'dataClass', 0], dataClass);
  }
  // Instants and durations.
  for (const instant of ['2026-06-25T09:00:00', '2026-06-25', '2026-02-30T09:00:00Z', 'now', 20260625]) {
    add(`start ${JSON.stringify(instant)}`, ['start'], instant);
  }
  for (const duration of ['2 minutes', 'soon', -1, '', '1h30x']) {
    add(`event offset ${JSON.stringify(duration)}`, ['timeline', 1, 'at'], duration);
  }
  // The drilled config is checked with the config validator.
  add('drilled config redefines EU', ['config', 'groups', 'EU'], ['DE']);
  add('drilled route names no target', ['config', 'routes', 'chat', 'targets', 0], 'ghost');
  add('workload route is unknown', ['workload', 'route'], 'caht');
  add('event target is unknown', ['timeline', 1, 'target'], 'openai');
  return cases;
}
