import { describe, expect, it } from 'vitest';
import { syncErrorMessage } from './sync-error-message.js';

describe('syncErrorMessage', () => {
  it('removes a password in a Redis URL and key-shaped tokens from an error', () => {
    const message = syncErrorMessage(
      new Error(
        'connect redis://fleet:s3cret-pass@cache.internal:6379 failed; token sk-live0123456789abcdef',
      ),
    );
    expect(message).toBe('connect redis://[redacted]@cache.internal:6379 failed; token [redacted key]');
    expect(message).not.toContain('s3cret');
  });

  it('takes what was thrown when it is not an Error', () => {
    expect(syncErrorMessage('AUTH failed for redis://:hunter2@127.0.0.1:1')).toBe(
      'AUTH failed for redis://[redacted]@127.0.0.1:1',
    );
    expect(syncErrorMessage(42)).toBe('42');
  });
});
