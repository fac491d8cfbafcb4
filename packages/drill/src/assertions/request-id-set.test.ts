import { describe, expect, it } from 'vitest';
import { RequestIdSet } from './request-id-set.js';

describe('RequestIdSet', () => {
  describe('add', () => {
    it('says whether a drill request id is new and counts the distinct ones', () => {
      const ids = new RequestIdSet();
      expect(ids.add('drill-1-0000042')).toBe(true);
      expect(ids.add('drill-1-0000043')).toBe(true);
      expect(ids.add('drill-1-0000042')).toBe(false);
      expect(ids.size).toBe(2);
    });

    it('tells apart ids that differ only in leading zeros or prefix', () => {
      const ids = new RequestIdSet();
      for (const id of [
        'drill-1-0000007',
        'drill-1-007',
        'drill-1-7',
        'drill-2-0000007',
        'drill-10000007',
        '7',
      ])
        expect(ids.add(id)).toBe(true);
      expect(ids.size).toBe(6);
      for (const id of ['drill-1-007', 'drill-1-0000007', 'drill-10000007', '7'])
        expect(ids.add(id)).toBe(false);
      expect(ids.size).toBe(6);
    });

    it('keeps ids without a number or with a large one as they are', () => {
      const ids = new RequestIdSet();
      const others = ['req_abc', '', 'x-123456789012345678901', 'x-99999999999', 'x-1e5', 'x-١٢', 'x-5000'];
      for (const id of others) expect(ids.add(id)).toBe(true);
      for (const id of others) expect(ids.add(id)).toBe(false);
      expect(ids.size).toBe(7);
    });

    it('finds an id kept as a string again once its family has grown', () => {
      const ids = new RequestIdSet();
      expect(ids.add('x-5000')).toBe(true);
      for (let n = 0; n < 100; n++) ids.add(`x-${String(n).padStart(4, '0')}`);
      expect(ids.add('x-5000')).toBe(false);
      expect(ids.add('x-5001')).toBe(true);
      expect(ids.add('x-5001')).toBe(false);
      expect(ids.size).toBe(102);
    });

    it('finds a duplicate among many numbered ids, far apart', () => {
      const ids = new RequestIdSet();
      for (let n = 0; n < 200_000; n += 3) ids.add(`drill-1-${String(n).padStart(7, '0')}`);
      expect(ids.add('drill-1-0199998')).toBe(false);
      expect(ids.add('drill-1-0199999')).toBe(true);
      expect(ids.add('drill-1-9999999')).toBe(true);
      expect(ids.add('drill-1-9999999')).toBe(false);
      expect(ids.size).toBe(66_669);
    });
  });
});
