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

  it('removes a password given without a user name (Redis URLs), and leaves a port alone', () => {
    expect(redactSecrets('connect redis://:hunter2@cache.internal:6379 failed')).toBe(
      'connect redis://[redacted]@cache.internal:6379 failed',
    );
    expect(redactSecrets('rediss://default:p%40ss@10.0.0.7:6380')).toBe('rediss://[redacted]@10.0.0.7:6380');
    expect(redactSecrets('GET https://api.test:8443/v1/chat failed')).toBe(
      'GET https://api.test:8443/v1/chat failed',
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
