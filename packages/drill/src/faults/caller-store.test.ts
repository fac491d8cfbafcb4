import { describe, expect, it } from 'vitest';
import { callerHeaderFetch, callerStore } from './caller-store.js';

/** A fetch that keeps what it was called with and answers 204. */
function recordingFetch() {
  const calls: { input: string | URL | Request; init: RequestInit | undefined }[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ input, init });
    return new Response(null, { status: 204 });
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('callerHeaderFetch', () => {
  describe('fetch', () => {
    it('passes a call outside a caller context through untouched', async () => {
      const { calls, fetch } = recordingFetch();
      const init = { method: 'POST', headers: new Headers({ 'X-Api-Key': 'k' }), body: '{}' };
      await callerHeaderFetch({ fetch })('http://sim.invalid/v1/chat', init);
      expect(calls[0]?.init).toBe(init);
    });

    it('sends the SDK headers and the caller header as one plain lower-case record', async () => {
      const { calls, fetch } = recordingFetch();
      const headers = new Headers({ 'Content-Type': 'application/json', Authorization: 'Bearer sk' });
      const signal = new AbortController().signal;
      await callerStore.run('DE', () =>
        callerHeaderFetch({ fetch })('http://sim.invalid/v1/chat', {
          method: 'POST',
          headers,
          body: '{}',
          signal,
        }),
      );
      const init = calls[0]?.init;
      expect(Object.getPrototypeOf(init?.headers)).toBe(Object.prototype);
      expect(init?.headers).toEqual({
        authorization: 'Bearer sk',
        'content-type': 'application/json',
        'x-switchyard-caller-country': 'DE',
      });
      expect(init).toMatchObject({ method: 'POST', body: '{}', signal });
    });

    it('lower-cases record and array headers, joins a repeated name, and replaces a caller header of any case', async () => {
      const { calls, fetch } = recordingFetch();
      const wrapped = callerHeaderFetch({ fetch, header: 'X-Caller' });
      await callerStore.run('CN', async () => {
        await wrapped('http://sim.invalid/', { headers: { 'X-Caller': 'US', Accept: 'text/event-stream' } });
        await wrapped('http://sim.invalid/', {
          headers: [
            ['Accept', 'a'],
            ['accept', 'b'],
          ],
        });
      });
      expect(calls[0]?.init?.headers).toEqual({ 'x-caller': 'CN', accept: 'text/event-stream' });
      expect(calls[1]?.init?.headers).toEqual({ accept: 'a, b', 'x-caller': 'CN' });
    });

    it("keeps a Request's own headers when the call gives none", async () => {
      const { calls, fetch } = recordingFetch();
      const request = new Request('http://sim.invalid/v1/models', {
        headers: { Authorization: 'Bearer sk' },
      });
      await callerStore.run('RU', () => callerHeaderFetch({ fetch })(request));
      expect(calls[0]?.input).toBe(request);
      expect(calls[0]?.init?.headers).toEqual({
        authorization: 'Bearer sk',
        'x-switchyard-caller-country': 'RU',
      });
    });
  });
});
