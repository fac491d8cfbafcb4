import { describe, expect, it } from 'vitest';
import { unendedWarning } from './unended-warning.js';

describe('unendedWarning', () => {
  it('writes both offsets as the summary does when they read differently', () => {
    expect(
      unendedWarning({ index: 2, atMs: 4_000 + 1000 * 86_400_000, label: 'outage' }, { simulatedMs: 6_000 }),
    ).toContain(
      "timeline[2] outage was to end at +1000d4s, after the drill's end (+6s): its end never played",
    );
  });

  it('writes both offsets to the millisecond when rounding would make them read the same', () => {
    // stream-faults: its last event ends at +3m30s, 18 ms after the drill's last request settled.
    expect(
      unendedWarning({ index: 2, atMs: 210_000, label: 'malformed chunks' }, { simulatedMs: 209_982 }),
    ).toContain("timeline[2] malformed chunks was to end at +3m30s, after the drill's end (+3m29.982s):");
    expect(
      unendedWarning({ index: 0, atMs: 86_400_400, label: 'ban' }, { simulatedMs: 86_400_100 }),
    ).toContain("was to end at +1d0.4s, after the drill's end (+1d0.1s):");
  });
});
