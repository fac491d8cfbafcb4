import { describe, expect, it } from 'vitest';
import { readErrorEnvelope } from './read-error-envelope.js';

describe('readErrorEnvelope', () => {
  it('reads the OpenAI envelope, outer or inner', () => {
    const inner = { message: 'quota', type: 'insufficient_quota', param: null, code: 'insufficient_quota' };
    const expected = {
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: 'quota',
      status: undefined,
    };
    expect(readErrorEnvelope({ error: inner })).toEqual(expected);
    expect(readErrorEnvelope(inner)).toEqual(expected);
  });

  it('reads the Anthropic envelope', () => {
    expect(
      readErrorEnvelope({ type: 'error', error: { type: 'not_found_error', message: 'model: sonnet4' } }),
    ).toMatchObject({ type: 'not_found_error', message: 'model: sonnet4' });
  });

  it('reads the Ollama string error and the Gemini status', () => {
    expect(readErrorEnvelope({ error: "model 'llama9' not found" }).message).toBe("model 'llama9' not found");
    expect(
      readErrorEnvelope({
        error: { code: 400, message: 'User location is not supported', status: 'FAILED_PRECONDITION' },
      }),
    ).toEqual({
      type: undefined,
      code: undefined,
      message: 'User location is not supported',
      status: 'FAILED_PRECONDITION',
    });
  });

  it('parses a JSON text body and keeps any other text as the message', () => {
    expect(readErrorEnvelope('{"error":{"message":"bad","type":"invalid_request_error"}}')).toMatchObject({
      type: 'invalid_request_error',
      message: 'bad',
    });
    expect(readErrorEnvelope('<html>502 Bad Gateway</html>').message).toBe('<html>502 Bad Gateway</html>');
    expect(readErrorEnvelope(undefined).message).toBeUndefined();
  });
});
