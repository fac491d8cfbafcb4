import { ConfigError } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { parseScenario, validateScenario } from './parse-scenario.js';

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (ConfigError.isInstance(error)) {
      return error.issues.map(
        (issue) => `${issue.line ?? '-'}:${issue.column ?? '-'} ${issue.path}: ${issue.message}`,
      );
    }
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const yamlOf = (value: unknown) => JSON.stringify(value, null, 2);

describe('parseScenario', () => {
  describe('valid scenarios', () => {
    it('applies defaults and parses durations to milliseconds', () => {
      const scenario = parseScenario({ text: yamlOf(fixtureScenario()), file: 'drill.yaml' });
      expect(scenario.timeline[0]?.at).toBe(2000);
      expect(scenario.timeline[2]).toMatchObject({
        type: 'outage',
        duration: 1000,
        signal: 'server_error',
        status: 503,
      });
      expect(scenario.workload.promptTokens).toEqual({ min: 200, max: 200 });
      expect(scenario.workload.arrival).toBe('uniform');
      expect(scenario.start).toBe('2026-06-25T09:00:00Z');
    });

    it('reads the earlier event spelling rate-limit as rate_limited', () => {
      const scenario = fixtureScenario();
      const timeline = [
        { at: '1s', type: 'rate-limit', target: 'frontier-us', duration: '2s', retryAfterSeconds: 1 },
      ];
      const parsed = parseScenario({ text: yamlOf({ ...scenario, timeline }), file: 'drill.yaml' });
      expect(parsed.timeline[0]).toMatchObject({ type: 'rate_limited', retryAfterSeconds: 1 });
    });

    it('reads a legal_block cut-off narrowed to some callers, as a region_block is', () => {
      const input = fixtureScenario();
      const timeline = input.timeline as Record<string, unknown>[];
      timeline[1] = { ...timeline[1], signal: 'legal_block' };
      const scenario = parseScenario({ text: yamlOf(input), file: 'drill.yaml' });
      expect(scenario.timeline[1]).toMatchObject({
        type: 'cutoff',
        signal: 'legal_block',
        callers: ['CN', 'RU', 'DE'],
      });
    });

    it('validates a TypeScript scenario object twice without change', () => {
      const once = validateScenario(fixtureScenario());
      expect(validateScenario(once)).toEqual(once);
    });
  });

  describe('malformed fields', () => {
    const cases: [string, (scenario: Record<string, unknown>) => void, RegExp][] = [
      ['missing name', (s) => delete s.name, /^\d+:\d+ \(root\)|name: required/],
      [
        'a bad duration',
        (s) => (((s.timeline as Record<string, unknown>[])[0] as Record<string, unknown>).at = '2 minutes'),
        /timeline\[0\]\.at: .*"30s"/,
      ],
      [
        'a fault that lasts no time',
        (s) => {
          s.timeline = [
            { at: '1s', type: 'outage', target: 'frontier-us', signal: 'connection_reset', duration: '0s' },
          ];
        },
        /timeline\[0\]\.duration: a fault lasting 0ms injects nothing, .*; expected a duration above 0 \(e\.g\. "1s"\), or none/,
      ],
      [
        'an event without its time',
        (s) => delete ((s.timeline as Record<string, unknown>[])[0] as Record<string, unknown>).at,
        /timeline\[0\]\.at: required; expected Offset from the start, in simulated time: "90s", "2m"$/,
      ],
      [
        'an unknown event type',
        (s) => (((s.timeline as Record<string, unknown>[])[0] as Record<string, unknown>).type = 'meteor'),
        /timeline\[0\]\.type/,
      ],
      [
        'a start written with a space between date and time',
        (s) => (s.start = '2026-07-01 00:00:00+00:00'),
        /start: "2026-07-01 00:00:00\+00:00" is not an ISO 8601 instant; .*; did you mean "2026-07-01T00:00:00\+00:00"\?$/,
      ],
      [
        'an event at a negative offset',
        (s) => (((s.timeline as Record<string, unknown>[])[0] as Record<string, unknown>).at = '-5s'),
        /timeline\[0\]\.at: wrong format: got text "-5s"; expected a duration such as .*; did you mean "0s"\?$/,
      ],
      [
        'a fault lasting a negative duration, which must be above 0',
        (s) => (((s.timeline as Record<string, unknown>[])[2] as Record<string, unknown>).duration = '-5s'),
        /timeline\[2\]\.duration: wrong format: got text "-5s"; expected a duration such as .*; did you mean "1ms"\?$/,
      ],
      [
        'a cutoff signal written with a hyphen',
        (s) =>
          (((s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>).signal = 'legal-block'),
        /timeline\[1\]\.signal: invalid value "legal-block"; expected one of .*"legal_block".*; did you mean "legal_block"\?$/,
      ],
      ...([451, '451', 'unavailable_for_legal_reasons', 'Unavailable For Legal Reasons'] as const).map(
        (written): [string, (scenario: Record<string, unknown>) => void, RegExp] => [
          `a cutoff signal written as the status or reason phrase ${JSON.stringify(written)}`,
          (s) => (((s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>).signal = written),
          new RegExp(
            `timeline\\[1\\]\\.signal: invalid value ${JSON.stringify(written)}; expected one of .*; did you mean "legal_block"\\?$`,
          ),
        ],
      ),
      [
        'a cutoff signal written as 429, a rate limit or an exhausted quota',
        (s) => (((s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>).signal = 429),
        /timeline\[1\]\.signal: invalid value 429; expected one of "region_block", "legal_block", "model_withdrawn", "key_revoked", "quota_exhausted"$/,
      ],
      [
        'a legal block naming its blocking entity with a URL that is not absolute',
        (s) => {
          const event = (s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>;
          event.signal = 'legal_block';
          event.blockedBy = 'blocker.example';
        },
        /timeline\[1\]\.blockedBy: got text that is not an absolute URL \(no scheme such as https:\/\/\); expected an absolute http or https URL naming the entity implementing the block, e\.g\. "https:\/\/blocker\.example\/"$/,
      ],
      [
        'a blocking entity on a cut-off that is not a legal block',
        (s) => {
          const event = (s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>;
          event.signal = 'region_block';
          event.blockedBy = 'https://blocker.example/';
        },
        /timeline\[1\]\.blockedBy: blockedBy names the entity implementing a legal block .*; expected no blockedBy, or signal: legal_block$/,
      ],
      [
        'an unknown cutoff signal',
        (s) => (((s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>).signal = 'banned'),
        /timeline\[1\]\.signal: invalid value "banned"; expected one of "region_block"/,
      ],
      [
        'callers on a cut-off that is not a region block',
        (s) => {
          const event = (s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>;
          event.signal = 'key_revoked';
        },
        /timeline\[1\]\.callers: callers narrows a region_block or legal_block only: .*expected no callers, or signal: region_block or legal_block$/,
      ],
      [
        'an unknown target in an event',
        (s) => (((s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>).target = 'nope'),
        /timeline\[1\]\.target: unknown target "nope"; expected a target id of the config: frontier-us/,
      ],
      [
        'an unknown provider in an event',
        (s) => (((s.timeline as Record<string, unknown>[])[2] as Record<string, unknown>).provider = 'acme'),
        /timeline\[2\]\.provider: no target of provider "acme"/,
      ],
      [
        'both rate and concurrency',
        (s) => ((s.workload as Record<string, unknown>).concurrency = 4),
        /workload: give exactly one of "rate"/,
      ],
      [
        'a streaming share above 1',
        (s) => ((s.workload as Record<string, unknown>).streaming = 1.5),
        /workload\.streaming/,
      ],
      [
        'an unknown route',
        (s) => ((s.workload as Record<string, unknown>).route = 'code'),
        /workload\.route: unknown route "code"; expected one of the config's routes: chat/,
      ],
      [
        "a route named after an object's own properties",
        (s) => ((s.workload as Record<string, unknown>).route = 'constructor'),
        /workload\.route: unknown route "constructor"; expected one of the config's routes: chat/,
      ],
      [
        "a tenant named after an object's own properties",
        (s) => ((s.workload as { mix: Record<string, unknown> }).mix.tenants = { constructor: 1, acme: 1 }),
        /workload\.mix\.tenants\.constructor: tenant "constructor" is a property every JavaScript object already has; expected another tenant$/,
      ],
      [
        'all-zero weights',
        (s) => ((s.workload as { mix: { jurisdictions: unknown } }).mix.jurisdictions = { US: 0 }),
        /workload\.mix\.jurisdictions: expected at least one key/,
      ],
      [
        'a prompt range with max < min',
        (s) => ((s.workload as Record<string, unknown>).promptTokens = { min: 10, max: 5 }),
        /workload\.promptTokens\.max: got number \d+; expected max >= min/,
      ],
      ['an unknown key', (s) => (s.timescale = 2), /unknown key "timescale"/],
      [
        'a total of 1e8 requests (it would run for hours)',
        (s) => ((s.workload as Record<string, unknown>).total = 1e8),
        /workload\.total: too big: got number 100000000; expected at most 1,000,000 requests in one drill/,
      ],
      [
        'a tenant filter given as one string instead of a list',
        (s) =>
          (s.assertions as Record<string, unknown>[]).push({
            type: 'served-only-by',
            where: { tenant: 'acme' },
            targets: ['llama-local'],
          }),
        /assertions\[\d+\]\.where\.tenant: expected a list, e.g. \[acme\]; got the single value "acme"/,
      ],
      ['no assertions', (s) => (s.assertions = []), /assertions/],
      [
        'an unknown assertion type',
        (s) => (((s.assertions as Record<string, unknown>[])[0] as Record<string, unknown>).type = 'vibes'),
        /assertions\[0\]\.type/,
      ],
      [
        'a success rate above 1',
        (s) => (((s.assertions as Record<string, unknown>[])[0] as Record<string, unknown>).min = 99.5),
        /assertions\[0\]\.min/,
      ],
      [
        'an unknown target in the config route',
        (s) =>
          ((
            ((s.config as Record<string, unknown>).routes as Record<string, { targets: string[] }>).chat as {
              targets: string[];
            }
          ).targets = ['ghost']),
        /config\.routes\.chat\.targets\[0\]: unknown target "ghost"/,
      ],
      [
        'an invalid policy in a policy event',
        (s) =>
          (((s.timeline as Record<string, unknown>[])[0] as Record<string, unknown>).policy = {
            defaultEffect: 'maybe',
          }),
        /timeline\[0\]\.policy\.defaultEffect/,
      ],
      [
        'an event without target or provider',
        (s) => delete ((s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>).target,
        /timeline\[1\]: required: "target"/,
      ],
      [
        'a continuations max below its min',
        (s) => (s.assertions = [{ type: 'continuations', min: 5, max: 2 }]),
        /assertions\[0\]\.max: max 2 is below min 5: the assertion could never hold/,
      ],
      [
        'a line break in an event label (it would break the terminal tables)',
        (s) =>
          (((s.timeline as Record<string, unknown>[])[1] as Record<string, unknown>).label =
            'line one\nline two'),
        /timeline\[1\]\.label: a line break \(U\+000A\) at character 9; expected one line of printable text/,
      ],
      [
        'an escape sequence in an assertion name (it would reach the terminal)',
        (s) =>
          (((s.assertions as Record<string, unknown>[])[0] as Record<string, unknown>).name =
            'red \u001b[31m'),
        /assertions\[0\]\.name: a control character \(U\+001B\) at character 5/,
      ],
      ['a tab in the drill name', (s) => (s.name = 'a\tb'), /name: a tab \(U\+0009\) at character 2/],
      [
        'latency for an unknown target',
        (s) => (s.latency = { ghost: { firstTokenMs: 5 } }),
        /latency\.ghost: unknown target "ghost"/,
      ],
      [
        'a first token after more than 365 days (1e20 ms kept the virtual clock stepping for ever)',
        (s) => (s.latency = { '*': { firstTokenMs: 1e20 } }),
        /latency\.\*\.firstTokenMs: too big: got number 100000000000000000000; expected at most 31,536,000,000 ms \(365 days\)/,
      ],
      [
        'a latency spike of more than 365 days',
        (s) =>
          (s.timeline = [{ at: '1s', type: 'latency', label: 'slow', target: 'llama-local', extraMs: 1e20 }]),
        /timeline\[0\]\.extraMs: too big: got number 100000000000000000000; expected at most 31,536,000,000 ms \(365 days\)/,
      ],
    ];
    for (const [name, mutate, expected] of cases) {
      it(`reports ${name} with its file, line and path`, () => {
        const scenario = structuredClone(fixtureScenario()) as unknown as Record<string, unknown>;
        mutate(scenario);
        const found = problems(() => parseScenario({ text: yamlOf(scenario), file: 'drill.yaml' }));
        expect(found.some((line) => expected.test(line))).toBe(true);
        expect(found.every((line) => /^\d+:\d+ /.test(line) || line.startsWith('-:-'))).toBe(true);
      });
    }

    it('points at the line of the offending field', () => {
      const text = `name: x
config:
  targets: []
  routes: {}
workload: { route: chat, rate: 1, total: 1, mix: { jurisdictions: { US: 1 } } }
timeline:
  - at: soon
    type: policy
    policy: {}
assertions: [{ type: all-accounted }]
`;
      const found = problems(() => parseScenario({ text, file: 'drill.yaml' }));
      expect(found).toContainEqual(expect.stringMatching(/^7:\d+ timeline\[0\]\.at: /));
    });

    describe('a filter or cut-off that no request of the workload can meet', () => {
      const withAssertion = (where: Record<string, unknown>) => {
        const scenario = fixtureScenario();
        return yamlOf({
          ...scenario,
          workload: { ...scenario.workload, mix: { ...scenario.workload.mix, tenants: { acme: 1 } } },
          assertions: [{ type: 'served-only-by', where, targets: ['llama-local'] }],
        });
      };
      it("refuses a jurisdiction list no caller comes from, naming the workload's callers", () => {
        const found = problems(() =>
          parseScenario({ text: withAssertion({ jurisdiction: ['BR'] }), file: 'drill.yaml' }),
        );
        expect(found).toEqual([
          expect.stringMatching(
            /^\d+:\d+ assertions\[0\]\.where\.jurisdiction\[0\]: no request of the workload has caller jurisdiction "BR"; expected a caller jurisdiction of workload.mix.jurisdictions \(US, DE, CN, RU\) or a group containing one$/,
          ),
        ]);
      });
      it('accepts a jurisdiction list that some callers come from: it checks those', () => {
        expect(() =>
          parseScenario({ text: withAssertion({ jurisdiction: ['DE', 'BR'] }), file: 'drill.yaml' }),
        ).not.toThrow();
      });
      it('accepts a group that contains a caller, and refuses one that contains none', () => {
        expect(() =>
          parseScenario({ text: withAssertion({ jurisdiction: ['EU'] }), file: 'drill.yaml' }),
        ).not.toThrow();
        const scenario = fixtureScenario();
        const text = yamlOf({
          ...scenario,
          workload: { ...scenario.workload, mix: { jurisdictions: { US: 2, CN: 1, RU: 1 } } },
          timeline: [],
          assertions: [{ type: 'served-only-by', where: { jurisdiction: ['EU'] }, targets: ['llama-local'] }],
        });
        expect(problems(() => parseScenario({ text, file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /assertions\[0\]\.where\.jurisdiction\[0\]: no request of the workload has caller jurisdiction "EU"/,
          ),
        ]);
      });
      it('accepts a group that contains a group the mix draws (EEA over EU callers), and refuses one that does not wholly', () => {
        const scenario = fixtureScenario();
        const over = (where: string[], mix: Record<string, number>) =>
          yamlOf({
            ...scenario,
            config: { ...scenario.config, groups: { DACH: ['DE', 'AT', 'CH'] } },
            workload: { ...scenario.workload, mix: { jurisdictions: mix } },
            timeline: [],
            assertions: [
              { type: 'served-only-by', where: { jurisdiction: where }, targets: ['llama-local'] },
            ],
          });
        expect(() =>
          parseScenario({ text: over(['EEA'], { US: 1, EU: 1 }), file: 'drill.yaml' }),
        ).not.toThrow();
        expect(
          problems(() => parseScenario({ text: over(['EU'], { US: 1, DACH: 1 }), file: 'drill.yaml' })),
        ).toEqual([
          expect.stringMatching(
            /assertions\[0\]\.where\.jurisdiction\[0\]: no request of the workload has caller jurisdiction "EU"/,
          ),
        ]);
      });
      it('refuses a tenant and a data class the mix never draws, with the closest one, once', () => {
        const found = problems(() =>
          parseScenario({
            text: withAssertion({ tenant: ['acme', 'acne'], dataClass: ['regulatd'] }),
            file: 'drill.yaml',
          }),
        );
        expect(found).toEqual([
          expect.stringMatching(
            /assertions\[0\]\.where\.tenant\[1\]: no request of the workload has tenant "acne"; .*did you mean "acme"\?$/,
          ),
          expect.stringMatching(/assertions\[0\]\.where\.dataClass\[0\]: unknown data class "regulatd"/),
        ]);
        expect(() =>
          parseScenario({ text: withAssertion({ dataClass: ['public', 'internal'] }), file: 'drill.yaml' }),
        ).not.toThrow();
        const unsent = problems(() =>
          parseScenario({ text: withAssertion({ dataClass: ['public'] }), file: 'drill.yaml' }),
        );
        expect(unsent).toEqual([
          expect.stringMatching(
            /assertions\[0\]\.where\.dataClass\[0\]: no request of the workload has data class "public"; expected a data class of workload.mix.dataClasses: internal, regulated$/,
          ),
        ]);
      });
      it("refuses two assertions of one name, naming the first, at the second name's line", () => {
        const scenario = fixtureScenario({
          assertions: [
            { type: 'all-accounted', name: 'no request lost' },
            { type: 'all-accounted' },
            { type: 'cost', name: 'no request lost', maxUsd: 100 },
          ],
        });
        expect(problems(() => parseScenario({ text: yamlOf(scenario), file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /^\d+:\d+ assertions\[2\]\.name: "no request lost" is also the name of assertions\[0\]; expected a name no other assertion has/,
          ),
        ]);
      });
      it('refuses a tenant filter when the workload draws no tenant at all', () => {
        const scenario = fixtureScenario({
          assertions: [{ type: 'served-only-by', where: { tenant: ['acme'] }, targets: ['llama-local'] }],
        });
        expect(problems(() => parseScenario({ text: yamlOf(scenario), file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /assertions\[0\]\.where\.tenant\[0\]: no request of the workload has a tenant: workload\.mix\.tenants draws none; expected tenants in workload\.mix/,
          ),
        ]);
      });
      it('refuses a cut-off none of whose callers the workload sends, a weight of 0 included', () => {
        const scenario = fixtureScenario();
        const timeline = (scenario.timeline ?? []).map((event) =>
          event.type === 'cutoff' ? { ...event, callers: ['RU', 'BR'] } : event,
        );
        const text = yamlOf({
          ...scenario,
          timeline,
          workload: { ...scenario.workload, mix: { jurisdictions: { US: 2, DE: 1, CN: 1, RU: 0 } } },
        });
        expect(problems(() => parseScenario({ text, file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /timeline\[1\]\.callers\[0\]: no request of the workload has caller jurisdiction "RU"; expected a caller jurisdiction of workload.mix.jurisdictions, which this cut-off can block: US, DE, CN$/,
          ),
          expect.stringMatching(
            /timeline\[1\]\.callers\[1\]: no request of the workload has caller jurisdiction "BR"/,
          ),
        ]);
      });
      it('accepts a ban list that names countries the workload never sends, beside ones it does', () => {
        const scenario = fixtureScenario();
        const timeline = (scenario.timeline ?? []).map((event) =>
          event.type === 'cutoff' ? { ...event, callers: ['CN', 'RU', 'IR', 'KP'] } : event,
        );
        expect(() =>
          parseScenario({ text: yamlOf({ ...scenario, timeline }), file: 'drill.yaml' }),
        ).not.toThrow();
      });
    });

    describe('an event or a from past the end of what the drill sends', () => {
      it('refuses an event after the last request of an evenly spaced workload', () => {
        // 60 requests at 10/s: the last one goes at +5.9s.
        const scenario = fixtureScenario();
        const timeline = [...(scenario.timeline ?? []), { at: '20m', type: 'restore' }];
        const found = problems(() =>
          parseScenario({ text: yamlOf({ ...scenario, timeline }), file: 'drill.yaml' }),
        );
        expect(found).toEqual([
          expect.stringMatching(
            /^\d+:\d+ timeline\[3\]\.at: \+20m is after the workload's last request \(request 60 at 10\/s goes at \+5\.9s\): nothing the drill sends would see it; expected an offset up to 5\.9s, or a larger total$/,
          ),
        ]);
      });
      it("refuses an event and a served-by-share from after the scenario's duration", () => {
        const scenario = fixtureScenario({
          duration: '3s',
          assertions: [
            { type: 'served-by-share', from: '5s', targets: ['llama-local'], minShare: 1, where: {} },
          ],
        });
        const found = problems(() => parseScenario({ text: yamlOf(scenario), file: 'drill.yaml' }));
        expect(found).toEqual([
          expect.stringMatching(
            /timeline\[2\]\.at: \+4s is after the drill's duration \(3s\): .*; expected an offset up to 3s, or a longer duration$/,
          ),
          expect.stringMatching(/assertions\[0\]\.from: \+5s is after the drill's duration \(3s\)/),
        ]);
      });
      it('accepts an event at the last request, and any offset of a Poisson workload without duration', () => {
        const scenario = fixtureScenario();
        const atLast = [...(scenario.timeline ?? []), { at: 5900, type: 'restore' }];
        expect(() =>
          parseScenario({ text: yamlOf({ ...scenario, timeline: atLast }), file: 'drill.yaml' }),
        ).not.toThrow();
        const late = [...(scenario.timeline ?? []), { at: '20m', type: 'restore' }];
        const poisson = { ...scenario.workload, arrival: 'poisson' };
        expect(() =>
          parseScenario({
            text: yamlOf({ ...scenario, workload: poisson, timeline: late }),
            file: 'drill.yaml',
          }),
        ).not.toThrow();
      });
    });

    describe('a drill longer than a drill may span (3650 days)', () => {
      it('refuses a rate whose requests would span more, with the least rate that fits', () => {
        const scenario = fixtureScenario();
        const text = (rate: number, arrival: string) =>
          yamlOf({ ...scenario, workload: { ...scenario.workload, rate, total: 3, arrival }, timeline: [] });
        expect(problems(() => parseScenario({ text: text(1e-13, 'uniform'), file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /^\d+:\d+ workload\.rate: at 1e-13 requests per second, 3 requests span 231500000d of simulated time, more than a drill may span \(3650d\); expected a rate of at least 6\.34e-9 per second, or fewer requests$/,
          ),
        ]);
        expect(problems(() => parseScenario({ text: text(1e-300, 'poisson'), file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /workload\.rate: at 1e-300 requests per second, 3 requests span on average .*d of simulated time/,
          ),
        ]);
        // One request a month for ten years fits.
        expect(() =>
          parseScenario({ text: text(1 / (30 * 86_400), 'uniform'), file: 'drill.yaml' }),
        ).not.toThrow();
      });

      it('refuses an event past it once, even where nothing else bounds the workload', () => {
        const scenario = fixtureScenario();
        const text = yamlOf({
          ...scenario,
          workload: { ...scenario.workload, arrival: 'poisson' },
          timeline: [{ at: '4000d', type: 'outage', provider: 'anthropic', duration: '1s' }],
        });
        expect(problems(() => parseScenario({ text, file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /^\d+:\d+ timeline\[0\]\.at: \+.* is after the longest a drill may span \(3650d of simulated time\): nothing the drill sends would see it; expected an offset up to 3650d$/,
          ),
        ]);
      });
    });

    describe('a target whose model no drill can build', () => {
      // claude-eu, the fixture's one anthropic target, gets another provider (its outage event follows).
      const withProvider = (provider: string, extra: Record<string, unknown> = {}) => {
        const scenario = fixtureScenario();
        const targets = scenario.config.targets.map((target) =>
          target.id === 'claude-eu' ? { ...target, provider } : target,
        );
        const timeline = scenario.timeline?.map((event) =>
          'provider' in event && event.provider === 'anthropic' ? { ...event, provider } : event,
        );
        return yamlOf({ ...scenario, config: { ...scenario.config, targets }, timeline, ...extra });
      };
      /** `line:column` of the value of the line that contains `needle`. */
      const at = (text: string, needle: string) => {
        const lines = text.split('\n');
        const index = lines.findIndex((line) => line.includes(needle));
        return `${index + 1}:${(lines[index] ?? '').indexOf(needle) + needle.indexOf(': ') + 3}`;
      };

      it("refuses a provider without a simulator or an in-process adapter at the target's line, with the closest one", () => {
        const text = withProvider('anthropc');
        const found = problems(() => parseScenario({ text, file: 'drill.yaml' }));
        expect(found).toEqual([
          `${at(text, '"provider": "anthropc"')} config.targets[1].provider: no drill can build the model of target "claude-eu": provider "anthropc" has no simulator and does not run in process; expected a provider with a simulator (openai, anthropic, ollama) or one run in process (llama-cpp); from code, give the target's model in runDrill's models; did you mean "anthropic"?`,
        ]);
        expect(problems(() => parseScenario({ text: withProvider('mistral'), file: 'drill.yaml' }))).toEqual([
          expect.stringMatching(
            /^\d+:\d+ config\.targets\[1\]\.provider: .*provider "mistral" .*runDrill's models$/,
          ),
        ]);
      });

      it('accepts it when its model is given, and any provider when the caller builds every model', () => {
        const text = withProvider('mistral');
        expect(
          parseScenario({ text, file: 'drill.yaml', givenModels: ['claude-eu'] }).config.targets[1],
        ).toMatchObject({ provider: 'mistral' });
        expect(() => parseScenario({ text, file: 'drill.yaml', givenModels: 'all' })).not.toThrow();
        expect(() => parseScenario({ text, file: 'drill.yaml', givenModels: ['frontier-us'] })).toThrow(
          /provider "mistral"/,
        );
        expect(() => parseScenario({ text: withProvider('llama-cpp'), file: 'drill.yaml' })).not.toThrow();
      });

      it('refuses, in a fleet drill, every provider without a simulator, given models or not', () => {
        const text = withProvider('llama-cpp', { fleet: { processes: 2 } });
        for (const givenModels of [[], ['claude-eu'], 'all'] as const) {
          expect(problems(() => parseScenario({ text, file: 'drill.yaml', givenModels }))).toEqual([
            `${at(text, '"provider": "llama-cpp"')} config.targets[1].provider: a fleet drill's processes share loopback simulators, and provider "llama-cpp" (target "claude-eu") has none; expected a provider with a simulator: openai, anthropic, ollama; or the scenario without fleet`,
          ]);
        }
      });

      it('reports it even when the schema fails elsewhere', () => {
        const text = withProvider('mistral', { timeScale: -1 });
        const found = problems(() => parseScenario({ text, file: 'drill.yaml' }));
        expect(found).toContainEqual(expect.stringMatching(/config\.targets\[1\]\.provider: .*"mistral"/));
        expect(found).toContainEqual(expect.stringMatching(/timeScale/));
      });
    });

    it('reports YAML syntax errors with their position', () => {
      expect(problems(() => parseScenario({ text: 'name: [unclosed\n', file: 'drill.yaml' }))[0]).toMatch(
        /^\d+:\d+ \(syntax\)/,
      );
    });
  });
});
