import { describe, expect, it } from 'vitest';
import { checkRequestContexts } from './check-request-context.js';

describe('checkRequestContexts', () => {
  it('accepts what the router accepts and refuses the rest with the closest valid value', async () => {
    const [valid, lower, typo] = await checkRequestContexts([
      { jurisdiction: 'DE', dataClass: 'regulated' },
      { jurisdiction: 'de' },
      { jurisdiction: 'DE', dataClass: 'confidential' },
    ]);
    expect(valid).toMatchObject({ accepted: true, issues: [] });
    expect(lower?.issues).toEqual([
      'jurisdiction: unknown jurisdiction "de"; expected an ISO 3166-1 alpha-2 code (upper case, e.g. DE) or a group (EU, EEA, RESTRICTED); did you mean "DE"?',
    ]);
    // The example config declares public, internal and regulated only.
    expect(typo?.issues).toEqual([
      'dataClass: unknown data class "confidential"; expected one of public, internal, regulated (the config\'s callers.dataClasses)',
    ]);
  });
});
