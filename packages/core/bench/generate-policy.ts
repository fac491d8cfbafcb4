/**
 * Deterministic generators of large catalogs and policies for the benchmarks.
 * Every rule names values that exist in the catalog it is generated for, so
 * the validator accepts it.
 */
import type { PolicyRule, TargetInput } from '../src/index.js';

export const countries = [
  'US',
  'CN',
  'DE',
  'FR',
  'RU',
  'SG',
  'JP',
  'GB',
  'IN',
  'BR',
  'IR',
  'KP',
  'NL',
  'SE',
  'CA',
];
export const providers = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'ollama',
  'azure',
  'bedrock',
  'together',
];
export const dataClasses = ['public', 'internal', 'regulated'];
export const at = Date.parse('2026-07-15T00:00:00Z');

/** A small deterministic PRNG so every run benchmarks the same inputs. */
export function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

export function makeCatalog(count: number, random: () => number): TargetInput[] {
  return Array.from({ length: count }, (_, index) => {
    const provider = pick(random, providers);
    return {
      id: `t${index}`,
      provider,
      model: `${provider}-model-${index % 97}`,
      hostedIn: provider === 'ollama' ? 'self' : random() < 0.2 ? 'EU' : pick(random, countries),
      origin: pick(random, countries),
      weights: random() < 0.4 ? 'open' : 'closed',
      contextWindow: 128_000,
      capabilities: random() < 0.5 ? ['tools', 'json'] : ['json'],
      tags: random() < 0.1 ? ['frontier'] : [],
    };
  });
}

/**
 * 70% deny, 15% require, 15% allow; 5% carry a tenant glob; half have an
 * effective date. Model globs and provider/tag pairs are drawn from the
 * catalog, so every rule names something that exists.
 */
export function makeRules(
  count: number,
  random: () => number,
  catalog: readonly TargetInput[],
): PolicyRule[] {
  const frontier = catalog.filter((target) => target.tags?.includes('frontier'));
  return Array.from({ length: count }, (_, index) => {
    const effect = random() < 0.7 ? 'deny' : random() < 0.5 ? 'require' : 'allow';
    const hosted = pick(random, catalog).hostedIn;
    const rule: PolicyRule = {
      id: `r${index}`,
      description: `generated rule ${index}`,
      source: 'benchmark',
      effect,
      when: {
        jurisdiction: [pick(random, countries), pick(random, countries)],
        ...(random() < 0.3 ? { dataClass: [pick(random, dataClasses)] } : {}),
        ...(random() < 0.05 ? { tenant: [`gov-${Math.floor(random() * 10)}*`] } : {}),
      },
      targets:
        effect === 'require'
          ? { hostedIn: [...new Set(['EU', 'self', hosted])] }
          : random() < 0.5 || frontier.length === 0
            ? { model: [`${pick(random, catalog).model}*`] }
            : { provider: [pick(random, frontier).provider], tags: ['frontier'] },
    };
    if (random() < 0.5) rule.effective = new Date(Date.UTC(2026, Math.floor(random() * 12), 1)).toISOString();
    if (random() < 0.1) rule.expires = '2027-06-01T00:00:00Z';
    return rule;
  });
}
