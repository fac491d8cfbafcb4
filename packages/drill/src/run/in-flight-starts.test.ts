import { describe, expect, it } from 'vitest';
import { InFlightStarts } from './in-flight-starts.js';

describe('InFlightStarts', () => {
  describe('earliest', () => {
    it('is the send instant of the oldest request still in flight', () => {
      const starts = new InFlightStarts();
      expect(starts.earliest()).toBeUndefined();
      const first = starts.begin(10);
      const second = starts.begin(20);
      const third = starts.begin(30);
      starts.end(second);
      expect(starts.earliest()).toBe(10);
      starts.end(first);
      expect(starts.earliest()).toBe(30);
      starts.end(third);
      expect(starts.earliest()).toBeUndefined();
    });

    it('stays right across the drops of finished requests', () => {
      const starts = new InFlightStarts();
      const long = starts.begin(0);
      let previous = starts.begin(1);
      for (let instant = 2; instant < 10_000; instant++) {
        const token = starts.begin(instant);
        starts.end(previous);
        previous = token;
      }
      expect(starts.earliest()).toBe(0);
      starts.end(long);
      expect(starts.earliest()).toBe(9_999);
      const late = starts.begin(10_000);
      starts.end(previous);
      expect(starts.earliest()).toBe(10_000);
      starts.end(late);
      expect(starts.earliest()).toBeUndefined();
    });
  });
});
