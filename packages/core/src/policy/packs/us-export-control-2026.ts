import type { Policy } from '../policy-schema.js';

/**
 * An example pack modelled on the 2026 US export controls on frontier model
 * access: named frontier models are denied to callers in restricted
 * destinations from 2026-06-25, and one model is withdrawn worldwide from
 * 2026-09-01. An example to adapt, not legal advice: check the current rules
 * with counsel before relying on it.
 */
export const usExportControl2026: Pick<Policy, 'id' | 'rules'> = {
  id: 'us-export-control-2026',
  rules: [
    {
      id: 'us-export-2026/frontier-models',
      description:
        'Named frontier models may not serve callers in restricted destinations (CN, RU, IR, KP, BY, CU, SY, VE).',
      source:
        'Example modelled on the 2026 US export controls on frontier AI model access, effective 2026-06-25. Not legal advice.',
      effect: 'deny',
      effective: '2026-06-25T00:00:00Z',
      when: { jurisdiction: ['CN', 'RU', 'IR', 'KP', 'BY', 'CU', 'SY', 'VE'] },
      targets: { model: ['gpt-5.4*', 'gpt-5.5*', 'claude-opus-5*', 'gemini-3-ultra*'] },
    },
    {
      id: 'us-export-2026/frontier-tagged',
      description:
        'Any closed-weights target tagged `frontier` may not serve callers in restricted destinations (CN, RU, IR, KP, BY, CU, SY, VE).',
      source:
        'Example modelled on the 2026 US export controls on frontier AI model access, effective 2026-06-25. Not legal advice.',
      effect: 'deny',
      effective: '2026-06-25T00:00:00Z',
      when: { jurisdiction: ['CN', 'RU', 'IR', 'KP', 'BY', 'CU', 'SY', 'VE'] },
      targets: { tags: ['frontier'], weights: 'closed' },
    },
    {
      id: 'us-export-2026/withdrawn-worldwide',
      description: 'The vendor was ordered to disable gpt-5.4-pro for every caller worldwide.',
      source:
        'Example modelled on a 2026 order to disable named models worldwide, effective 2026-09-01. Not legal advice.',
      effect: 'deny',
      effective: '2026-09-01T00:00:00Z',
      targets: { model: ['gpt-5.4-pro*'] },
    },
  ],
};
