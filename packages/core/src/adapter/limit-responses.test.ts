import { describe, expect, it } from 'vitest';
import { limitErrorBodies } from './limit-responses.js';

describe('limitErrorBodies', () => {
  it('ends an error body longer than the limit with an error naming it', async () => {
    const fetchImpl = limitErrorBodies(async () => new Response('x'.repeat(4096), { status: 502 }), 1024);
    const response = await fetchImpl('http://example.invalid');
    expect(response.status).toBe(502);
    await expect(response.text()).rejects.toThrow(
      'the error body is longer than 1 KiB and was not read further',
    );
  });

  it('passes successful bodies and short error bodies through', async () => {
    const ok = await limitErrorBodies(
      async () => new Response('x'.repeat(4096)),
      1024,
    )('http://example.invalid');
    expect(await ok.text()).toHaveLength(4096);
    const short = await limitErrorBodies(
      async () => new Response('nope', { status: 500 }),
      1024,
    )('http://e.invalid');
    expect(await short.text()).toBe('nope');
  });
});
