import { describe, expect, it } from 'vitest';
import { leftOutPart } from './left-out-part.js';

describe('leftOutPart', () => {
  it('names where the part is, its type and why it is not sent', () => {
    expect(
      leftOutPart({ messageIndex: 2, partIndex: 1 }, 'reasoning-file', 'the API takes text only'),
    ).toEqual({
      type: 'other',
      message: 'prompt[2].content[1], an assistant reasoning-file part, is not sent: the API takes text only',
    });
  });
});
