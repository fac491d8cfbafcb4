import { describe, expect, it } from 'vitest';
import { readableMessage } from './readable-message.js';

describe('readableMessage', () => {
  it('names an HTML error page by its title, or its first heading', () => {
    expect(
      readableMessage(
        '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>x</body></html>',
      ),
    ).toBe('HTML page: 502 Bad Gateway');
    expect(
      readableMessage('<html><body><center><h1>503 Service  Temporarily Unavailable</h1></center></body>'),
    ).toBe('HTML page: 503 Service Temporarily Unavailable');
    expect(readableMessage('502 <html><head><title>502 Bad Gateway</title></head></html>')).toBe(
      'HTML page: 502 Bad Gateway',
    );
    expect(readableMessage('<html><body><p>Sorry &amp; goodbye</p></body></html>')).toBe(
      'HTML page: Sorry & goodbye',
    );
  });

  it('collapses whitespace, cuts long messages and removes secrets', () => {
    expect(readableMessage('  bad\n\n  key   sk-abcdef123456 ')).toBe('bad key [redacted key]');
    expect(readableMessage('binary\u0000\u0001 body')).toBe('binary body');
    const long = readableMessage('x'.repeat(1000), { maxLength: 20 });
    expect(long).toHaveLength(20);
    expect(long.endsWith('…')).toBe(true);
  });

  it('says when a body is empty', () => {
    expect(readableMessage('')).toBe('(empty body)');
    expect(readableMessage(' \n ')).toBe('(empty body)');
  });
});
