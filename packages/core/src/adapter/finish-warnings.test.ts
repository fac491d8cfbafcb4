import type { SharedV4Warning } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { finishWarnings, withFinishWarnings } from './finish-warnings.js';

const late: SharedV4Warning = { type: 'other', message: 'content[1] is a future_block block' };

describe('withFinishWarnings', () => {
  it('puts the warnings in providerMetadata.switchyard.warnings, keeping the rest', () => {
    const metadata = withFinishWarnings({ anthropic: { stopSequence: null } }, [late]);
    expect(metadata).toEqual({ anthropic: { stopSequence: null }, switchyard: { warnings: [late] } });
    expect(finishWarnings(metadata)).toEqual([late]);
  });

  it('leaves the metadata as it is without warnings', () => {
    const metadata = { anthropic: { stopSequence: null } };
    expect(withFinishWarnings(metadata, [])).toBe(metadata);
  });
});

describe('finishWarnings', () => {
  it('reads none from metadata without them, and skips what is not a warning', () => {
    expect(finishWarnings(undefined)).toEqual([]);
    expect(finishWarnings({ switchyard: { servedBy: 'a' } })).toEqual([]);
    expect(finishWarnings({ switchyard: { warnings: 'none' } })).toEqual([]);
    expect(
      finishWarnings({ switchyard: { warnings: [null, 'text', { type: 'made-up' }, late as never] } }),
    ).toEqual([late]);
  });
});
