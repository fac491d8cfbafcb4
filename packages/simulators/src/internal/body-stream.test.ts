import { describe, expect, it } from 'vitest';
import { BodyStream } from './body-stream.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('BodyStream', () => {
  describe('errorAfterQueued', () => {
    it('delivers the bytes queued before a cut, then the error', async () => {
      const body = new BodyStream({ onCancel: () => {} });
      body.enqueue(bytes('data: {}\n\n'));
      body.errorAfterQueued(new TypeError('terminated'));
      const reader = body.stream.getReader();
      const first = await reader.read();
      expect(new TextDecoder().decode(first.value)).toBe('data: {}\n\n');
      await expect(reader.read()).rejects.toThrow('terminated');
    });

    it('errors at once when nothing is queued', async () => {
      const body = new BodyStream({ onCancel: () => {} });
      body.errorAfterQueued(new TypeError('terminated'));
      await expect(body.stream.getReader().read()).rejects.toThrow('terminated');
    });
  });

  describe('error', () => {
    it('drops what is queued and unread', async () => {
      const body = new BodyStream({ onCancel: () => {} });
      body.enqueue(bytes('lost'));
      body.error(new Error('aborted'));
      await expect(body.stream.getReader().read()).rejects.toThrow('aborted');
    });
  });

  describe('close', () => {
    it('ends the body after what was queued', async () => {
      const body = new BodyStream({ onCancel: () => {} });
      body.enqueue(bytes('all'));
      body.close();
      expect(await new Response(body.stream).text()).toBe('all');
    });
  });

  describe('cancel', () => {
    it('tells the writer that the reader cancelled', async () => {
      let cancelled = 0;
      const body = new BodyStream({ onCancel: () => cancelled++ });
      await body.stream.cancel();
      expect(cancelled).toBe(1);
    });
  });
});
