import type { Policy } from '../policy-schema.js';
import { euDataResidency } from './eu-data-residency.js';
import { modelOrigin } from './model-origin.js';
import { usExportControl2026 } from './us-export-control-2026.js';

export { euDataResidency, modelOrigin, usExportControl2026 };

/**
 * The shipped example policy packs, by name. A policy includes them with
 * `packs: [us-export-control-2026]`. Examples to adapt, not legal advice.
 */
export const policyPacks: Readonly<Record<string, Pick<Policy, 'id' | 'rules'>>> = Object.freeze({
  'us-export-control-2026': usExportControl2026,
  'eu-data-residency': euDataResidency,
  'model-origin': modelOrigin,
});

/**
 * Where each shipped pack's own policy tests are: a YAML file in the
 * package (`policy-tests/<pack>.yaml`, with its own catalog), run by
 * `switchyard test-policy --packs` and in CI.
 */
export const policyPackTests: Readonly<Record<string, URL>> = Object.freeze(
  Object.fromEntries(
    Object.keys(policyPacks).map((name) => [
      name,
      new URL(`../../../policy-tests/${name}.yaml`, import.meta.url),
    ]),
  ),
);
