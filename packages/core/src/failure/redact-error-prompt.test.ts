import { inspect } from 'node:util';
import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors/provider-error.js';
import { redactErrorPrompt, requestBodyMarker } from './redact-error-prompt.js';

const prompt = 'Summarise the contract for Jane Doe, account 4411-2231, before Friday.';
const quote = prompt.slice(0, 40);

function apiCallError(): APICallError {
  return new APICallError({
    message: `Invalid value for 'content': '${quote}'`,
    url: 'https://api.example.com/v1/chat/completions',
    requestBodyValues: { model: 'm', messages: [{ role: 'user', content: prompt }] },
    statusCode: 400,
    responseHeaders: { 'x-request-id': 'req_1' },
    responseBody: JSON.stringify({ error: { message: `Invalid value: '${quote}'`, code: 'bad' } }),
    isRetryable: false,
    data: { error: { message: `Invalid value: '${quote}'`, code: 'bad' } },
    cause: new TypeError(`upstream said '${quote}'`),
  });
}

describe('redactErrorPrompt', () => {
  it('copies an APICallError of the same class without the request body or any quote of the prompt', () => {
    const error = apiCallError();
    const redacted = redactErrorPrompt(error, [prompt]) as APICallError;
    expect(redacted).not.toBe(error);
    expect(APICallError.isInstance(redacted)).toBe(true);
    expect(redacted).toBeInstanceOf(APICallError);
    expect(redacted).toMatchObject({
      name: 'AI_APICallError',
      url: error.url,
      statusCode: 400,
      responseHeaders: { 'x-request-id': 'req_1' },
      isRetryable: false,
      requestBodyValues: requestBodyMarker,
      message: "Invalid value for 'content': '[prompt text]'",
    });
    expect(redacted.data).toEqual({ error: { message: "Invalid value: '[prompt text]'", code: 'bad' } });
    expect(redacted.responseBody).toBe(
      JSON.stringify({ error: { message: "Invalid value: '[prompt text]'", code: 'bad' } }),
    );
    expect((redacted.cause as Error).message).toBe("upstream said '[prompt text]'");
    expect(redacted.cause).toBeInstanceOf(TypeError);
    const printed = inspect(redacted, { depth: 10 });
    expect(printed).not.toContain(quote.slice(0, 12));
    expect(printed).toContain('[prompt text]');
    // The original is untouched.
    expect(error.requestBodyValues).toEqual({ model: 'm', messages: [{ role: 'user', content: prompt }] });
    expect(inspect(error, { depth: 10 })).toContain(quote);
  });

  it('replaces the request body even when nothing quotes the prompt', () => {
    const error = new APICallError({
      message: 'Service Unavailable',
      url: 'u',
      requestBodyValues: { messages: [{ role: 'user', content: 'Hi' }] },
      statusCode: 503,
    });
    const redacted = redactErrorPrompt(error, ['Hi']) as APICallError;
    expect(redacted.requestBodyValues).toBe(requestBodyMarker);
    expect(redacted.isRetryable).toBe(true);
    expect(redacted.message).toBe('Service Unavailable');
  });

  it('reads an adapter error down its cause: the ProviderError, its failure and the SDK error', () => {
    const sdkError = Object.assign(new Error(`400 {"error":{"message":"bad '${quote}'"}}`), {
      status: 400,
      error: { error: { message: `bad '${quote}'` } },
    });
    const error = new ProviderError({
      provider: 'anthropic',
      model: 'claude',
      failure: { kind: 'invalid_request', status: 400, message: `bad '${quote}'` },
      cause: sdkError,
    });
    const redacted = redactErrorPrompt(error, [prompt]) as ProviderError;
    expect(ProviderError.isInstance(redacted)).toBe(true);
    expect(redacted.failure).toEqual({
      kind: 'invalid_request',
      status: 400,
      message: "bad '[prompt text]'",
    });
    expect(redacted.code).toBe(error.code);
    expect(inspect(redacted, { depth: 10 })).not.toContain(quote.slice(0, 12));
    expect((redacted.cause as { status: number }).status).toBe(400);
  });

  it('returns what quotes nothing as it is, the same value', () => {
    const error = new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') });
    expect(redactErrorPrompt(error, [prompt])).toBe(error);
    const abort = new DOMException('This operation was aborted', 'AbortError');
    expect(redactErrorPrompt(abort, [prompt])).toBe(abort);
    expect(redactErrorPrompt(undefined, [prompt])).toBe(undefined);
  });

  it('redacts a thrown string, a plain object and a DOMException that quote the prompt', () => {
    expect(redactErrorPrompt(`bad '${quote}'`, [prompt])).toBe("bad '[prompt text]'");
    expect(redactErrorPrompt({ detail: [`bad '${quote}'`] }, [prompt])).toEqual({
      detail: ["bad '[prompt text]'"],
    });
    const dom = redactErrorPrompt(new DOMException(`bad '${quote}'`, 'SyntaxError'), [prompt]) as Error;
    expect(dom.name).toBe('SyntaxError');
    expect(inspect(dom)).not.toContain(quote.slice(0, 12));
  });

  it('survives a cause that points back at its error', () => {
    const error = new Error(`bad '${quote}'`) as Error & { self?: unknown };
    error.self = error;
    error.cause = error;
    const redacted = redactErrorPrompt(error, [prompt]) as Error;
    expect(redacted.message).toBe("bad '[prompt text]'");
  });
});
