import { describe, expect, it } from 'vitest';
import { classifyTransportError } from './classify-transport-error.js';

describe('classifyTransportError', () => {
  it('classifies fetch failures with their cause, secrets removed', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED http://u:pw@127.0.0.1:1'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(classifyTransportError(refused)).toEqual({
      kind: 'transient',
      code: 'connection_error',
      message: 'fetch failed: ECONNREFUSED connect ECONNREFUSED http://[redacted]@127.0.0.1:1',
    });
    expect(classifyTransportError(new TypeError('terminated')).code).toBe('connection_closed');
  });

  it('classifies malformed bodies, timeouts and aborts', () => {
    expect(classifyTransportError(new SyntaxError('Unexpected token <')).code).toBe('malformed_response');
    expect(classifyTransportError(new DOMException('late', 'TimeoutError')).kind).toBe('timeout');
    expect(classifyTransportError(new DOMException('stop', 'AbortError')).code).toBe('aborted');
    expect(classifyTransportError('socket hang up')).toEqual({
      kind: 'transient',
      code: 'connection_error',
      message: 'socket hang up',
    });
  });
});
