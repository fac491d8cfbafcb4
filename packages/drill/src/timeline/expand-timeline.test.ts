import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../scenario/scenario-schema.js';
import { describeEvent } from './expand-timeline.js';

/** A stream fault on openai after `afterChunks` content chunks. */
function streamFault(afterChunks: number): TimelineEvent {
  return { type: 'stream-fault', at: 1000, provider: 'openai', fault: 'cut', afterChunks } as TimelineEvent;
}

describe('describeEvent', () => {
  it('counts the chunks before a stream fault in the singular for one and the plural for more', () => {
    expect(describeEvent(streamFault(1))).toBe('stream-fault cut after 1 chunk on openai');
    expect(describeEvent(streamFault(3))).toBe('stream-fault cut after 3 chunks on openai');
  });
});
