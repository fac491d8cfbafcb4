import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('removes API keys by shape', () => {
    expect(redactSecrets('Incorrect API key provided: sk-proj-abc123XYZ, see docs')).toBe(
      'Incorrect API key provided: [redacted key], see docs',
    );
    expect(redactSecrets('key sk-ant-api03-abcDEF_123 is invalid')).toBe('key [redacted key] is invalid');
    expect(redactSecrets('google AIzaSyA1234567890abcdefghijklmnopq rejected')).toBe(
      'google [redacted key] rejected',
    );
  });

  it('removes credentials inside URLs, keeping the host', () => {
    expect(redactSecrets('connect ECONNREFUSED https://alice:s3cret@proxy.internal:8443/v1')).toBe(
      'connect ECONNREFUSED https://[redacted]@proxy.internal:8443/v1',
    );
    expect(redactSecrets('GET http://token123@127.0.0.1:11434/api/chat')).toBe(
      'GET http://[redacted]@127.0.0.1:11434/api/chat',
    );
  });

  it('removes secret query parameters and bearer tokens', () => {
    expect(redactSecrets('POST https://x.test/v1?key=abc123&alt=sse failed')).toBe(
      'POST https://x.test/v1?key=[redacted]&alt=sse failed',
    );
    expect(redactSecrets('https://x.test/?a=1&api_key=zzz')).toBe('https://x.test/?a=1&api_key=[redacted]');
    expect(redactSecrets('Authorization: Bearer abcdefghijkl')).toBe('Authorization: Bearer [redacted]');
  });

  it('leaves messages without secrets alone', () => {
    const message = 'The model `gpt-5.4` does not exist or you do not have access to it.';
    expect(redactSecrets(message)).toBe(message);
  });
});
