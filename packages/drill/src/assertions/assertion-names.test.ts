import { describe, expect, it } from 'vitest';
import { namedAssertions } from './assertion-names.js';

describe('namedAssertions', () => {
  it('names an assertion after its type when nothing else reads the same', () => {
    const named = namedAssertions([{ type: 'all-accounted' }, { type: 'cost', name: 'cheap' }]);
    expect(named.map((assertion) => assertion.name)).toEqual(['all-accounted', 'cheap']);
  });

  it('says where each unnamed assertion of a shared type is, and keeps given names', () => {
    const named = namedAssertions([
      { type: 'latency' },
      { type: 'cost', name: 'cheap' },
      { type: 'latency' },
      { type: 'cost' },
    ]);
    expect(named.map((assertion) => assertion.name)).toEqual([
      'latency (assertions[0])',
      'cheap',
      'latency (assertions[2])',
      'cost',
    ]);
  });

  it('tells an unnamed assertion from one given its type as a name', () => {
    const named = namedAssertions([{ type: 'cost', name: 'cost' }, { type: 'cost' }]);
    expect(named.map((assertion) => assertion.name)).toEqual(['cost', 'cost (assertions[1])']);
  });
});
