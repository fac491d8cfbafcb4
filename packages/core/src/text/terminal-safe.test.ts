import { describe, expect, it } from 'vitest';
import { terminalSafe } from './terminal-safe.js';

describe('terminalSafe', () => {
  it('writes out escape sequences, tabs, carriage returns, DEL and C1 controls, and keeps line breaks', () => {
    expect(terminalSafe('ban \u001b[2Jgpt')).toBe('ban \\x1B[2Jgpt');
    expect(terminalSafe('a\tb\rc\u007fd\u009be')).toBe('a\\x09b\\x0Dc\\x7Fd\\x9Be');
    expect(terminalSafe('two\nlines')).toBe('two\nlines');
  });

  it('leaves printable text as it is, non-ASCII included', () => {
    const text = 'cut off openai-gpt (export control) in 東京 🚀 <b>|*`';
    expect(terminalSafe(text)).toBe(text);
  });
});
