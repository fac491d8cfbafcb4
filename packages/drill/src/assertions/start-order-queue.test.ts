import { describe, expect, it } from 'vitest';
import { seededRandom } from '../workload/seeded-random.js';
import { StartOrderQueue } from './start-order-queue.js';

describe('StartOrderQueue', () => {
  describe('release', () => {
    it('hands on what started at or before the watermark in start order, ties in push order, and holds the rest', () => {
      const queue = new StartOrderQueue<{ start: number; name: string }>();
      for (const [start, name] of [
        [30, 'c'],
        [10, 'a1'],
        [20, 'b'],
        [10, 'a2'],
        [40, 'd'],
      ] as const)
        queue.push({ start, name });
      const seen: string[] = [];
      queue.release(20, (item) => seen.push(item.name));
      expect(seen).toEqual(['a1', 'a2', 'b']);
      expect(queue.size).toBe(2);
      queue.push({ start: 30, name: 'c2' });
      queue.release(Number.POSITIVE_INFINITY, (item) => seen.push(item.name));
      expect(seen).toEqual(['a1', 'a2', 'b', 'c', 'c2', 'd']);
      expect(queue.size).toBe(0);
    });

    it('hands on items in the order a stable sort by start gives', () => {
      const random = seededRandom(7);
      const items = Array.from({ length: 2_000 }, (_, index) => ({
        start: Math.floor(random() * 50),
        index,
      }));
      const queue = new StartOrderQueue<{ start: number; index: number }>();
      for (const item of items) queue.push(item);
      const seen: number[] = [];
      queue.release(Number.POSITIVE_INFINITY, (item) => seen.push(item.index));
      expect(seen).toEqual([...items].sort((a, b) => a.start - b.start).map((item) => item.index));
    });
  });
});
