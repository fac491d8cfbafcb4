import { describe, expect, it } from 'vitest';
import { explainExportControl } from './explain-export-control.js';

describe('explainExportControl', () => {
  it('allows the frontier model to a CN caller before the effective date and denies it from then on', async () => {
    const { before, after, lines } = await explainExportControl();
    expect(before).toMatchObject({ targetId: 'openai-gpt', allowed: true });
    expect(after).toMatchObject({ targetId: 'openai-gpt', allowed: false, effect: 'deny' });
    expect(after.ruleIds).toContain('us-export-2026/frontier-models');
    expect(lines[1]).toContain(
      'denied (denied by us-export-2026/frontier-models (effective 2026-06-25T00:00:00Z)',
    );
  });
});
