import { describe, expect, it } from 'vitest';
import { clipToWidth, displayWidth } from './display-width.js';

describe('displayWidth', () => {
  it('counts the columns a terminal draws: two for CJK and emoji, none for combining marks', () => {
    expect(displayWidth('gpt 100.0%')).toBe(10);
    expect(displayWidth('Zürich — 東京 🚀')).toBe(16);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('👩‍💻')).toBe(2);
  });
});

describe('clipToWidth', () => {
  it('cuts at a whole character, within the width, marked with …', () => {
    expect(clipToWidth('東京東京', 8)).toBe('東京東京');
    expect(clipToWidth('東京東京', 6)).toBe('東京…');
    expect(displayWidth(clipToWidth('ab🚀cd', 4))).toBeLessThanOrEqual(4);
    expect(clipToWidth('abcdef', 4)).toBe('abc…');
  });
});
