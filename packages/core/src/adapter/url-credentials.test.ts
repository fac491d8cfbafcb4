import { describe, expect, it } from 'vitest';
import { splitUrlCredentials } from './url-credentials.js';

describe('splitUrlCredentials', () => {
  it('moves credentials into a Basic authorization', () => {
    expect(splitUrlCredentials('http://me:p%40ss@gpu-box:11434')).toEqual({
      url: 'http://gpu-box:11434',
      authorization: `Basic ${Buffer.from('me:p@ss').toString('base64')}`,
    });
    expect(splitUrlCredentials('https://token@proxy.internal/v1/').url).toBe('https://proxy.internal/v1/');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(splitUrlCredentials('http://127.0.0.1:11434')).toEqual({ url: 'http://127.0.0.1:11434' });
  });

  it('never shows the credentials of a URL it cannot parse', () => {
    expect(() => splitUrlCredentials('not a url')).toThrow(TypeError);
    expect(() => splitUrlCredentials('http://me:secret@ho st')).toThrow(/\[redacted\]@ho st/);
  });
});
