import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRedisHealthStore } from './create-redis-health-store.js';

/**
 * A store pointed at a server that is not Redis: its connections never become ready, and ioredis
 * waits to reconnect after each one fails. `close()` must still resolve (it waited for a 'ready' or
 * an 'end' that never came).
 */
let server: Server | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A TCP server on 127.0.0.1 that treats each connection with `answer`, and counts the closed ones. */
async function notRedis(answer: (socket: Socket) => void): Promise<{ url: string; closed: () => number }> {
  let closed = 0;
  server = createServer((socket) => {
    socket.on('close', () => closed++);
    answer(socket);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `redis://127.0.0.1:${address.port}`, closed: () => closed };
}

/** Resolves once `condition` holds, checked on every turn of the event loop (real I/O, no sleep). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('RedisHealthStore close', () => {
  it.each([
    [
      'answers HTTP',
      (socket: Socket) => socket.on('data', () => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')),
    ],
    ['closes at once', (socket: Socket) => socket.destroy()],
  ])(
    'resolves when the server %s instead of Redis, while the store waits to reconnect',
    async (_, answer) => {
      // The reconnection delays stay pending: the store is caught between two attempts.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
      const { url, closed } = await notRedis(answer);
      const store = createRedisHealthStore({ url, fleet: 'not-redis', processId: 'a' });
      // Both connections (commands and the stream reader) were made and dropped.
      await until(() => closed() >= 2);
      expect(store.status).toBe('connecting');
      let resolved = false;
      const closing = store.close().then(() => {
        resolved = true;
      });
      // No timer can fire (they are fake): what close() waits for is I/O, done well within 2 s.
      const deadline = performance.now() + 2_000;
      await until(() => resolved || performance.now() > deadline);
      expect(resolved).toBe(true);
      await closing;
      expect(store.status).toBe('closed');
    },
  );
});
