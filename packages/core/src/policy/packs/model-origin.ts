import type { Policy } from '../policy-schema.js';

/**
 * An example model-origin pack: government tenants (`gov-*`) may not use
 * models developed in listed jurisdictions. An example to adapt, not legal
 * advice.
 */
export const modelOrigin: Pick<Policy, 'id' | 'rules'> = {
  id: 'model-origin',
  rules: [
    {
      id: 'model-origin/gov-tenants',
      description: 'Government tenants may not use models developed in CN, RU, IR or KP.',
      source:
        'Example modelled on 2025-2026 public-sector procurement bans on foreign-origin AI models. Not legal advice.',
      effect: 'deny',
      when: { tenant: ['gov-*'] },
      targets: { origin: ['CN', 'RU', 'IR', 'KP'] },
    },
  ],
};
