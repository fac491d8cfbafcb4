import { describe, expect, it } from 'vitest';
import { randomRequestId } from './random-request-id.js';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomRequestId', () => {
  it('gives version-4 UUIDs, all different, across many batches', () => {
    const ids = Array.from({ length: 2_600 }, () => randomRequestId());
    for (const id of ids) expect(id).toMatch(uuidV4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws every hex digit at every random position (each byte of the draw is used)', () => {
    const ids = Array.from({ length: 2_600 }, () => randomRequestId());
    const fixed = new Set([8, 13, 14, 18, 23]);
    for (let position = 0; position < 36; position++) {
      if (fixed.has(position)) continue;
      const digits = new Set(ids.map((id) => id[position]));
      // The variant's first digit takes 4 values; every other position all 16 (missing one in
      // 2,600 draws has a probability below 1e-70).
      expect(digits.size, `position ${position}`).toBe(position === 19 ? 4 : 16);
    }
  });
});
