import { describe, expect, it } from 'vitest';
import { FaultTable, globToRegExp } from './fault-table.js';

describe('FaultTable', () => {
  describe('globToRegExp()', () => {
    it('matches * and ? and escapes everything else', () => {
      expect(globToRegExp('gpt-4*').test('gpt-4o-mini')).toBe(true);
      expect(globToRegExp('gpt-4?').test('gpt-4o')).toBe(true);
      expect(globToRegExp('gpt-4?').test('gpt-4o1')).toBe(false);
      expect(globToRegExp('llama3.2').test('llama3x2')).toBe(false);
    });
  });

  describe('take()', () => {
    it('returns the first matching rule in order', () => {
      const table = new FaultTable();
      table.add({ id: 'a', fault: { type: 'region_block' }, callers: ['CN'] });
      table.add({ id: 'b', fault: { type: 'server_error' } });
      expect(table.take({ model: 'm', caller: 'CN', apiKey: undefined })?.id).toBe('a');
      expect(table.take({ model: 'm', caller: 'DE', apiKey: undefined })?.id).toBe('b');
    });

    it('expires a rule after its times', () => {
      const table = new FaultTable();
      table.add({ fault: { type: 'server_error' }, times: 2 });
      expect(table.take({ model: 'm', caller: undefined, apiKey: undefined })).toBeDefined();
      expect(table.list()[0]?.times).toBe(1);
      expect(table.take({ model: 'm', caller: undefined, apiKey: undefined })).toBeDefined();
      expect(table.take({ model: 'm', caller: undefined, apiKey: undefined })).toBeUndefined();
    });

    it('does not match a model or caller rule when the request lacks it', () => {
      const table = new FaultTable();
      table.add({ fault: { type: 'server_error' }, model: '*' });
      table.add({ fault: { type: 'server_error' }, callers: ['US'] });
      expect(table.take({ model: undefined, caller: undefined, apiKey: 'k' })).toBeUndefined();
    });
  });

  describe('set()', () => {
    it('keeps the previous rules when a new one is invalid', () => {
      const table = new FaultTable();
      table.add({ id: 'keep', fault: { type: 'quota_exhausted' } });
      expect(() => table.set([{ fault: { type: 'latency', extraMs: -1 } }])).toThrow('extraMs >= 0');
      expect(() => table.set([{ fault: { type: 'server_error' }, times: 0 }])).toThrow(
        'times must be an integer',
      );
      expect(table.list().map((rule) => rule.id)).toEqual(['keep']);
    });
  });
});
