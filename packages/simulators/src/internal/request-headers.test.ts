import { describe, expect, it } from 'vitest';
import { headerOf, headerRecordOf } from './request-headers.js';

describe('headerOf', () => {
  it('reads a Headers object, joining a name given twice', () => {
    const headers = new Headers({ Authorization: 'Bearer k' });
    headers.append('X-Caller', 'DE');
    headers.append('x-caller', 'FR');
    expect(headerOf(headers, 'authorization')).toBe('Bearer k');
    expect(headerOf(headers, 'x-caller')).toBe('DE, FR');
    expect(headerOf(headers, 'x-absent')).toBeUndefined();
  });

  it('reads records and pairs whatever the case of their names, the last one given winning', () => {
    const record = { Authorization: 'Bearer a', authorization: 'Bearer b', 'x-unset': undefined };
    expect(headerOf(record as unknown as Record<string, string>, 'authorization')).toBe('Bearer b');
    expect(headerOf(record as unknown as Record<string, string>, 'x-unset')).toBeUndefined();
    expect(
      headerOf(
        [
          ['X-Api-Key', 'one'],
          ['x-api-key', 'two'],
        ],
        'x-api-key',
      ),
    ).toBe('two');
    expect(headerOf(undefined, 'authorization')).toBeUndefined();
  });
});

describe('headerRecordOf', () => {
  it('gives every header under its lower-case name, as headerOf reads each', () => {
    const record = { 'Content-Type': 'application/json', 'X-Trace': 'abc', 'x-unset': undefined };
    expect(headerRecordOf(record as unknown as Record<string, string>)).toEqual({
      'content-type': 'application/json',
      'x-trace': 'abc',
    });
    expect(headerRecordOf(new Headers({ 'X-A': '1' }))).toEqual({ 'x-a': '1' });
  });
});
