import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '@switchyard/cli';
import {
  ConfigError,
  errorCodes,
  type SwitchyardConfigInput,
  SwitchyardError,
  validateConfig,
} from '@switchyard/core';
import { decide, ReplayBasis } from '@switchyard/evidence';
import { createRouter, memorySink } from '@switchyard/router';
import { scriptedModel } from '@switchyard/router/test';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * For any config the validator accepts, any request context (valid or not)
 * and any instant, `switchyard explain` says exactly what the router does:
 * it rejects the same contexts, and otherwise gives the same verdicts
 * (allowed, effect, rule ids) the router records for every candidate, and
 * the same reasons its replay gives from the policy stored beside the
 * records (decision records v2 do not repeat the reason).
 */

const base = Date.parse('2026-07-01T00:00:00Z');
const hour = 3_600_000;
const sometimes = <Value>(arbitrary: fc.Arbitrary<Value>) =>
  fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: arbitrary as fc.Arbitrary<Value | undefined>, weight: 1 },
  );
const someOf = <Value>(values: readonly Value[]) => fc.subarray([...values], { minLength: 1 });

const arbitraryTarget = fc.record({
  provider: fc.constantFrom('openai', 'anthropic', 'ollama', 'llama-cpp'),
  model: fc.constantFrom('gpt-5', 'gpt-5-pro', 'qwen3', 'claude-5'),
  hostedIn: fc.constantFrom('US', 'CN', 'FR', 'DE', 'EU', 'NEAR', 'self'),
  origin: fc.constantFrom('US', 'CN', 'FR'),
  weights: fc.constantFrom<'open' | 'closed'>('open', 'closed'),
  licence: fc.constantFrom('Apache-2.0', 'proprietary'),
  tags: fc.subarray(['frontier', 'beta']),
});

const callerCodes = ['US', 'CN', 'DE', 'FR', 'EU', 'NEAR', 'unknown'] as const;
const arbitraryRule = fc.record({
  effect: fc.constantFrom<'deny' | 'require' | 'allow'>('deny', 'require', 'allow'),
  effectiveOffset: sometimes(fc.integer({ min: -6, max: 6 })),
  duration: sometimes(fc.integer({ min: 1, max: 6 })),
  when: fc.record({
    jurisdiction: sometimes(someOf(callerCodes)),
    notJurisdiction: sometimes(someOf(callerCodes)),
    dataClass: sometimes(someOf(['public', 'regulated'])),
    tenant: sometimes(someOf(['gov-*', 'acme'])),
    tags: sometimes(someOf(['beta'])),
  }),
  targets: fc.record({
    provider: sometimes(someOf(['openai', 'ollama', 'llama-cpp'])),
    model: sometimes(someOf(['gpt-5*', 'qwen3'])),
    hostedIn: sometimes(someOf(['US', 'FR', 'EU', 'self'])),
    origin: sometimes(someOf(['CN', 'US'])),
    weights: sometimes(fc.constantFrom<'open' | 'closed'>('open', 'closed')),
    tags: sometimes(someOf(['frontier'])),
  }),
});

const arbitraryCase = fc.record({
  targets: fc.array(arbitraryTarget, { minLength: 1, maxLength: 5 }),
  routeMask: fc.integer({ min: 1, max: 31 }),
  lastResortMask: fc.integer({ min: 0, max: 31 }),
  rules: fc.array(arbitraryRule, { maxLength: 6 }),
  defaultEffect: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
  unknownJurisdiction: fc.constantFrom<'restricted' | 'deny'>('restricted', 'deny'),
  defaultDataClass: sometimes(fc.constantFrom('internal', 'regulated')),
  context: fc.record({
    jurisdiction: fc.constantFrom(
      'US',
      'CN',
      'DE',
      'FR',
      'EU',
      'NEAR',
      'us',
      'XX',
      'self',
      'unknown',
      undefined,
    ),
    dataClass: fc.constantFrom('public', 'regulated', 'internal', 'regulted', undefined),
    tenant: fc.constantFrom('gov-a', 'acme', undefined),
    tags: sometimes(someOf(['beta', 'other'])),
  }),
  offset: fc.integer({ min: -8, max: 8 }),
});
type Case = typeof arbitraryCase extends fc.Arbitrary<infer Value> ? Value : never;

function configOf(generated: Case): SwitchyardConfigInput {
  const ids = generated.targets.map((_, index) => `t${index}`);
  const pick = (mask: number) => ids.filter((_, index) => (mask >> index) & 1);
  const candidates = pick(generated.routeMask);
  return {
    targets: generated.targets.map((target, index) => ({ id: `t${index}`, contextWindow: 8_000, ...target })),
    routes: {
      chat: {
        targets: candidates.length > 0 ? candidates : ['t0'],
        lastResort: pick(generated.lastResortMask),
      },
    },
    groups: { NEAR: ['FR', 'DE'] },
    defaults: { context: generated.defaultDataClass ? { dataClass: generated.defaultDataClass } : {} },
    policy: {
      defaultEffect: generated.defaultEffect,
      unknownJurisdiction: generated.unknownJurisdiction,
      rules: generated.rules.map((rule, index) => {
        const effective = rule.effectiveOffset === undefined ? undefined : base + rule.effectiveOffset * hour;
        const expires = rule.duration === undefined ? undefined : (effective ?? base) + rule.duration * hour;
        return {
          id: `r${index}`,
          description: `rule ${index}`,
          source: 'property test',
          effect: rule.effect,
          ...(effective === undefined ? {} : { effective: new Date(effective).toISOString() }),
          ...(expires === undefined ? {} : { expires: new Date(expires).toISOString() }),
          when: rule.when,
          targets: rule.targets,
        };
      }),
    },
  };
}

/**
 * The config as the validator accepts it: each value the validator reports
 * as naming nothing is dropped (a field left empty goes), and a rule whose
 * predicate matches nothing as a whole goes. `undefined` when that is not enough.
 */
function accepted(config: SwitchyardConfigInput): SwitchyardConfigInput | undefined {
  let current = structuredClone(config);
  for (let round = 0; round < 4; round++) {
    try {
      validateConfig(current);
      return current;
    } catch (error) {
      if (!ConfigError.isInstance(error)) throw error;
      const paths = new Set(error.issues.map((issue) => issue.path));
      const rules = current.policy?.rules ?? [];
      current = {
        ...current,
        policy: {
          ...current.policy,
          rules: rules.flatMap((rule, index) => {
            const at = `policy.rules[${index}]`;
            if (paths.has(`${at}.targets`)) return [];
            const targets: Record<string, unknown> = { ...rule.targets };
            for (const [field, values] of Object.entries(targets)) {
              if (paths.has(`${at}.targets.${field}`)) delete targets[field];
              else if (Array.isArray(values)) {
                const kept = values.filter(
                  (_, valueIndex) => !paths.has(`${at}.targets.${field}[${valueIndex}]`),
                );
                if (kept.length === 0) delete targets[field];
                else targets[field] = kept;
              }
            }
            return [{ ...rule, targets }];
          }),
        },
      };
    }
  }
  return undefined;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-explain-router-'));
});

describe('switchyard explain', () => {
  it('gives the router’s verdicts for any accepted config, context and instant, and rejects what the router rejects', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryCase, async (generated) => {
        const config = accepted(configOf(generated));
        fc.pre(config !== undefined);
        if (!config) return;
        const at = base + generated.offset * hour;
        const context = Object.fromEntries(
          Object.entries(generated.context).filter(([, value]) => value !== undefined),
        );

        const file = join(dir, `config-${run++}.json`);
        await writeFile(file, JSON.stringify(config));
        const argv = ['explain', '-c', file, '-r', 'chat', '--at', new Date(at).toISOString(), '--json'];
        if (generated.context.jurisdiction !== undefined) argv.push('-j', generated.context.jurisdiction);
        if (generated.context.dataClass !== undefined) argv.push('-d', generated.context.dataClass);
        if (generated.context.tenant !== undefined) argv.push('-t', generated.context.tenant);
        for (const tag of generated.context.tags ?? []) argv.push('--tag', tag);
        let stdout = '';
        const code = await runCli({
          argv,
          output: {
            stdout: (text) => {
              stdout += text;
            },
            stderr: () => {},
            interactive: false,
          },
        });

        const sink = memorySink();
        const models = Object.fromEntries(
          (config.targets ?? []).map((target) => [
            target.id,
            scriptedModel({ provider: target.provider, modelId: target.model, steps: [{ text: 'ok' }] }),
          ]),
        );
        const router = createRouter({ config, models, sinks: [sink], clock: { now: () => at } });
        let rejected = false;
        try {
          await router.languageModel('chat').doGenerate({
            prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
            providerOptions: { switchyard: context },
          });
        } catch (error) {
          // Issue 11 gives each error class its own marker; the code tells them apart today.
          rejected = SwitchyardError.hasCode(error, errorCodes.REQUEST_OPTIONS_INVALID);
        }
        await router.close();

        expect(code === 2).toBe(rejected);
        if (rejected) return;
        expect(code).toBe(0);
        const explained = (JSON.parse(stdout) as { verdicts: { reason?: string }[] }).verdicts;
        const record = sink.records[0];
        expect(record).toBeDefined();
        if (!record) return;
        expect(explained.map(({ reason: _reason, ...verdict }) => verdict)).toEqual(
          JSON.parse(JSON.stringify(record.verdicts)),
        );
        const basis = ReplayBasis.fromDocuments(sink.documents).forRecord({
          policyVersion: record.policyVersion,
          catalogVersion: record.decision?.catalogVersion ?? '',
          priceVersion: record.decision?.priceVersion ?? '',
        });
        expect('policy' in basis).toBe(true);
        const replayed = 'policy' in basis ? decide({ record, basis }) : undefined;
        expect(explained).toEqual(JSON.parse(JSON.stringify(replayed?.verdicts)));
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});
