import { catalogDocuments, parseConfig } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { ReplayBasis } from './replay-basis.js';

const config = (hostedIn: string) =>
  parseConfig({
    file: 'switchyard.yaml',
    text: `targets:
  - { id: gpt, provider: openai, model: gpt-5.4, hostedIn: US, origin: US, weights: closed, contextWindow: 400000 }
  - { id: qwen, provider: ollama, model: qwen3, hostedIn: ${hostedIn}, origin: CN, weights: open, contextWindow: 32768 }
routes:
  chat: { targets: [gpt, qwen] }
policy: { id: allow-all }
`,
  });

describe('ReplayBasis', () => {
  it('gives every catalog target once, the later catalog entry replacing the earlier one', () => {
    const first = catalogDocuments({ config: config('DE') });
    const second = catalogDocuments({ config: config('self') });
    const basis = ReplayBasis.fromDocuments([first.catalog, first.prices, second.catalog]);
    expect(basis.targets.map((target) => [target.id, target.hostedIn])).toEqual([
      ['gpt', 'US'],
      ['qwen', 'self'],
    ]);
    expect(ReplayBasis.fromDocuments([first.prices]).targets).toEqual([]);
  });
});
