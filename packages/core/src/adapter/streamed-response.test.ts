import { describe, expect, it, vi } from 'vitest';
import { streamedResponse } from './streamed-response.js';

describe('streamedResponse', () => {
  it('copies the headers when first read, once', () => {
    const headers = new Headers({ 'x-request-id': 'req_1', 'content-type': 'text/event-stream' });
    const walk = vi.spyOn(headers, Symbol.iterator as never);
    const response = streamedResponse(headers);
    expect(walk).not.toHaveBeenCalled();
    expect(response.headers).toEqual({ 'content-type': 'text/event-stream', 'x-request-id': 'req_1' });
    expect(response.headers).toBe(response.headers);
    expect(walk).toHaveBeenCalledTimes(1);
  });

  it('gives the headers to a spread and to JSON like a plain object', () => {
    const response = streamedResponse(new Headers({ 'x-request-id': 'req_1' }));
    expect({ ...response }).toEqual({ headers: { 'x-request-id': 'req_1' } });
    expect(JSON.parse(JSON.stringify(response))).toEqual({ headers: { 'x-request-id': 'req_1' } });
  });
});
