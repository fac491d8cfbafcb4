import { describe, expect, it } from 'vitest';
import { warningLines } from './warning-lines.js';

describe('warningLines', () => {
  it('writes each AI SDK warning as one line, <type>: <what>', () => {
    expect(
      warningLines([
        { type: 'unsupported', feature: 'topK' },
        { type: 'compatibility', feature: 'maxOutputTokens', details: 'limited to 128000' },
        { type: 'deprecated', setting: 'maxTokens', message: 'use maxOutputTokens' },
        { type: 'other', message: 'content[1] is a future_block block' },
      ]),
    ).toEqual([
      'unsupported: topK',
      'compatibility: maxOutputTokens (limited to 128000)',
      'deprecated: maxTokens (use maxOutputTokens)',
      'other: content[1] is a future_block block',
    ]);
  });

  it('gives nothing for no warnings (the record leaves the field out)', () => {
    expect(warningLines(undefined)).toBeUndefined();
    expect(warningLines([])).toBeUndefined();
  });
});
