import { describe, expect, it } from 'vitest';
import { rejectedFailure } from '../testing/provider-failure-of.js';
import { readJsonResponse } from './read-json-response.js';

const call = { provider: 'p', model: 'm' };
const what = 'a Chat Completion';

function failureOf(body: string, type: string, maxBytes?: number) {
  return rejectedFailure(
    readJsonResponse(new Response(body, { headers: { 'content-type': type } }), {
      call,
      what,
      ...(maxBytes === undefined ? {} : { maxBytes }),
    }),
  );
}

describe('readJsonResponse', () => {
  it('reads JSON whatever the content type says', async () => {
    const response = new Response('{"a":1}', { headers: { 'content-type': 'text/plain' } });
    expect(await readJsonResponse(response, { call, what })).toEqual({ a: 1 });
  });

  it.each([
    [
      '',
      'application/json',
      'expected a Chat Completion as JSON; got an empty body (status 200, content-type application/json)',
    ],
    [
      '<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>',
      'text/html; charset=UTF-8',
      'expected a Chat Completion as JSON; got text/html: HTML page: Just a moment...',
    ],
    [
      'Service Unavailable',
      'text/plain',
      'expected a Chat Completion as JSON; got text/plain: Service Unavailable',
    ],
  ])('says what a body that is not JSON was: %j', async (body, type, message) => {
    expect(await failureOf(body, type)).toEqual({ kind: 'transient', code: 'malformed_response', message });
  });

  it('calls truncated JSON truncated', async () => {
    const failure = await failureOf('{"id":"chatcmpl-1","choices":[{"index":0,', 'application/json');
    expect(failure.code).toBe('malformed_response');
    expect(failure.message).toMatch(
      /^expected a Chat Completion as JSON; the body is not valid JSON \(truncated or damaged: /,
    );
  });

  it('stops at maxBytes', async () => {
    const failure = await failureOf('x'.repeat(2048), 'application/json', 1024);
    expect(failure).toMatchObject({ kind: 'transient', code: 'response_too_large' });
  });
});
