import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { parseConfig } from './validate-config.js';

const targets = `targets:
  - { id: us-gpt, provider: openai, model: gpt-5.4, hostedIn: US, origin: US, weights: closed, contextWindow: 1000 }
  - { id: fr-mistral, provider: mistral, model: mistral-large, hostedIn: FR, origin: FR, weights: open, licence: Apache-2.0, contextWindow: 1000 }
  - { id: local, provider: ollama, model: llama3.3, hostedIn: DE, origin: US, weights: open, licence: Llama-3.3, contextWindow: 1000 }
`;

/** The problems of a config with these three targets and `routes` as written. */
function problemsOf(routes: string): string[] {
  try {
    parseConfig({ text: `${targets}routes:\n${routes}`, file: 'switchyard.yaml' });
  } catch (error) {
    if (ConfigError.isInstance(error)) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('routeProblems', () => {
  it('accepts each target listed once, in targets or lastResort', () => {
    expect(problemsOf('  chat: { targets: [us-gpt, fr-mistral], lastResort: [local] }\n')).toEqual([]);
  });

  it('refuses a target listed twice in targets or in lastResort, at the second listing', () => {
    expect(
      problemsOf('  chat: { targets: [us-gpt, fr-mistral, us-gpt], lastResort: [local, local] }\n'),
    ).toEqual([
      'routes.chat.targets[2]: target "us-gpt" is listed twice (first at targets[0]): the router would try it again, beyond its retries; expected each target once; remove this entry',
      'routes.chat.lastResort[1]: target "local" is listed twice (first at lastResort[0]): the router would try it again, beyond its retries; expected each target once; remove this entry',
    ]);
  });

  it('refuses a last resort that is also a candidate, which the router would drop', () => {
    expect(problemsOf('  chat: { targets: [us-gpt, local], lastResort: [local] }\n')).toEqual([
      'routes.chat.lastResort[0]: target "local" is already a candidate (targets[1]): the router tries it there and would drop it here, so the route would mean less than it says; expected "local" in targets or in lastResort, not both',
    ]);
  });
});
