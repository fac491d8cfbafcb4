import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/validate-config.js';
import { ConfigError } from '../errors/config-error.js';

const head = `targets:
  - { id: gpt, provider: openai, model: gpt-5.4, hostedIn: US, origin: US, weights: closed, contextWindow: 1000 }
  - { id: llama, provider: ollama, model: llama4, hostedIn: self, origin: US, weights: open, contextWindow: 1000 }
  - { id: claude, provider: anthropic, model: claude, hostedIn: US, origin: US, weights: closed, contextWindow: 1000 }
routes:
  chat: { targets: [gpt], lastResort: [llama] }
  code: { targets: [claude] }
budgets:
`;

function problemsOf(budgets: string): string[] {
  try {
    parseConfig({ text: head + budgets, file: 'switchyard.yaml' });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.message.split('\n').slice(1);
    throw error;
  }
  return [];
}

describe('budgetProblems', () => {
  it('accepts budgets whose every reference exists', () => {
    expect(
      problemsOf(`  - id: acme-daily
    scope: { tenant: [acme-*], route: [chat], provider: [openai] }
    per: [tenant]
    limit: { usd: 25.5, requests: 10000 }
    window: { calendar: day, timeZone: Europe/Berlin }
  - id: eu-hourly
    scope: { jurisdiction: [EU, unknown] }
    limit: { tokens: 1000000 }
    window: { rolling: 1h }
    onExhausted: deny
`),
    ).toEqual([]);
  });

  it('reports unknown routes, targets, providers, jurisdictions and time zones at their line', () => {
    expect(
      problemsOf(`  - id: a
    scope:
      route: [chat, chta]
      target: [gtp]
      provider: [opnai]
      jurisdiction: [EUROPE]
    limit: { usd: 1 }
    window: { calendar: day, timeZone: Europe/Berln }
`),
    ).toEqual([
      'switchyard.yaml:11:21 budgets[0].scope.route[1]: unknown route "chta"; expected a route: chat, code; did you mean "chat"?',
      'switchyard.yaml:12:16 budgets[0].scope.target[0]: unknown target "gtp"; expected a target: gpt, llama, claude; did you mean "gpt"?',
      'switchyard.yaml:13:18 budgets[0].scope.provider[0]: unknown provider "opnai"; expected a provider: openai, ollama, anthropic; did you mean "openai"?',
      'switchyard.yaml:14:22 budgets[0].scope.jurisdiction[0]: unknown jurisdiction "EUROPE"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE), a group (EU, EEA), or "unknown" for callers with no or an unknown jurisdiction',
      'switchyard.yaml:16:40 budgets[0].window.timeZone: unknown time zone "Europe/Berln"; expected an IANA time zone, e.g. Europe/Berlin, America/New_York or UTC; did you mean "Europe/Berlin"?',
    ]);
  });

  it('refuses a tenant glob that matches none of the tenants the config lists', () => {
    const problems =
      problemsOf(`  - { id: a, scope: { tenant: [acme-*, globx] }, limit: { usd: 1 }, window: { rolling: 1h } }
callers: { tenants: [acme-eu, globex] }
`);
    expect(problems).toEqual([
      'switchyard.yaml:9:40 budgets[0].scope.tenant[1]: tenant glob "globx" matches no tenant of callers.tenants; expected a glob matching one of acme-eu, globex; did you mean "globex"?',
    ]);
  });

  it('refuses a scope whose conditions together count nothing (a target that is not a candidate of the route)', () => {
    expect(
      problemsOf(`  - id: a
    scope: { route: [code], target: [gpt] }
    limit: { usd: 1 }
    window: { rolling: 24h }
`),
    ).toEqual([
      'switchyard.yaml:10:12 budgets[0].scope: this scope counts no attempt: no route it names has a candidate (or last resort) with the targets and providers it names; expected route, target and provider conditions that some route of the config can meet together',
    ]);
  });

  it('refuses duplicate ids, repeated per fields and thresholds, and a minimum above the default cap', () => {
    expect(
      problemsOf(`  - { id: a, limit: { usd: 1 }, window: { rolling: 1h } }
  - id: a
    per: [tenant, tenant]
    thresholds: [80, 80]
    minOutputTokens: 5000
    limit: { usd: 1 }
    window: { rolling: 1h }
`),
    ).toEqual([
      'switchyard.yaml:10:9 budgets[1].id: budget id "a" is used twice (first at budgets[0]); expected a unique id',
      'switchyard.yaml:11:10 budgets[1].per: "tenant" is listed twice; expected each field once',
      'switchyard.yaml:12:17 budgets[1].thresholds: 80 is listed twice; expected each threshold once',
      'switchyard.yaml:13:22 budgets[1].minOutputTokens: 5000 is above defaultMaxOutputTokens (4096): a call without maxOutputTokens could never start; expected at most 4096',
    ]);
  });
});
