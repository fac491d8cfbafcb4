import { describe, expect, it } from 'vitest';
import { fixtureFetch } from './fixture-fetch.js';

describe('fixtureFetch', () => {
  it('answers every request with the fixed answer and records the requests', async () => {
    const { fetch, requests } = fixtureFetch({
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>',
    });
    const response = await fetch('http://fixture.invalid/v1/chat', {
      method: 'POST',
      headers: { Authorization: 'Bearer k' },
      body: '{"a":1}',
    });
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([
      502,
      'text/html',
      '<html>',
    ]);
    expect(requests).toEqual([
      {
        url: 'http://fixture.invalid/v1/chat',
        method: 'POST',
        headers: expect.objectContaining({ authorization: 'Bearer k' }),
        body: { a: 1 },
      },
    ]);
  });

  it('streams a producer lazily, so an endless body costs only what is read', async () => {
    let produced = 0;
    const { fetch } = fixtureFetch({
      body: function* () {
        for (;;) {
          produced++;
          yield new Uint8Array(1024);
        }
      },
    });
    const reader = (await fetch('http://fixture.invalid')).body?.getReader();
    await reader?.read();
    await reader?.read();
    await reader?.cancel();
    expect(produced).toBeLessThan(5);
  });

  it('errors a body that never comes with the abort reason, like a connection', async () => {
    const controller = new AbortController();
    const { fetch } = fixtureFetch({
      body: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => {}) }) }),
    });
    const reader = (await fetch('http://fixture.invalid', { signal: controller.signal })).body?.getReader();
    const pending = reader?.read();
    controller.abort(new DOMException('late', 'TimeoutError'));
    await expect(pending).rejects.toMatchObject({ name: 'TimeoutError' });
  });
});
