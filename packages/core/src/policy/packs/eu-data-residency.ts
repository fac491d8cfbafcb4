import type { Policy } from '../policy-schema.js';

/**
 * An example data-residency pack: regulated data from callers in the EU may
 * only go to targets hosted in the EU or on premises. An example to adapt,
 * not legal advice.
 */
export const euDataResidency: Pick<Policy, 'id' | 'rules'> = {
  id: 'eu-data-residency',
  rules: [
    {
      id: 'eu-residency/regulated-stays-in-eu',
      description:
        'Regulated data from EU callers is processed only by targets hosted in the EU or on premises.',
      source:
        'Example modelled on GDPR Chapter V (transfers to third countries) and customer DPAs. Not legal advice.',
      effect: 'require',
      when: { jurisdiction: ['EU'], dataClass: ['regulated'] },
      targets: { hostedIn: ['EU', 'self'] },
    },
  ],
};
