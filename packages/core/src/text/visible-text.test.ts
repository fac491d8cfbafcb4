import { describe, expect, it } from 'vitest';
import { visibleText, withoutInvisible } from './visible-text.js';

describe('visibleText', () => {
  it('writes out zero-width, direction, byte order and non-ASCII space characters', () => {
    expect(visibleText('pro\u200Bvider')).toBe('pro<U+200B>vider');
    expect(visibleText('\u202Eprovider')).toBe('<U+202E>provider');
    expect(visibleText('\u200FUS\uFEFF')).toBe('<U+200F>US<U+FEFF>');
    expect(visibleText('provider\u00A0')).toBe('provider<U+00A0>');
    expect(visibleText('a\u2028b')).toBe('a<U+2028>b');
  });

  it('leaves plain spaces, line breaks and visible text (accents, emoji) as they are', () => {
    const text = 'unknown key "café 🙂"; expected one of id,\n  name';
    expect(visibleText(text)).toBe(text);
  });
});

describe('withoutInvisible', () => {
  it('is what a reader sees', () => {
    expect(withoutInvisible('U\u200BS\u00A0')).toBe('US');
  });
});
