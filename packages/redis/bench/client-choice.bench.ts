/**
 * The evidence behind the choice of Redis client: ioredis and node-redis
 * (`redis`) side by side, against a real `redis-server` on 127.0.0.1.
 *
 *   pnpm --filter @switchyard/redis bench:clients
 *
 * 1. Killed and restarted: Redis is killed (SIGKILL) while a publisher sends a
 *    message every 2 ms to 8 pub/sub subscribers and 8 stream readers, and
 *    restarted 1 s later. Measured: when each connection is ready again after
 *    Redis accepts connections, how many pub/sub messages each subscriber lost,
 *    and how many stream entries each reader lost (a reader resumes from its
 *    last id). With each client's defaults, and with the reconnection delay the
 *    store uses (50 ms per attempt, at most 250 ms).
 * 2. Paused (SIGSTOP) for 5 s: a PING every 500 ms with a 200 ms command
 *    timeout (ioredis `commandTimeout`; node-redis `withCommandOptions({ timeout })`).
 *    Measured: how long each PING took to settle, and how.
 */
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { type RedisTestServer, startRedisServer } from '../src/test/start-redis-server.js';

type Client = 'ioredis' | 'node-redis';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const storeRetry = (attempt: number) => Math.min(attempt * 50, 250);

/** The operations the experiments need, over either client. */
interface Connection {
  publish(message: string): Promise<unknown>;
  subscribe(onMessage: (message: string) => void): Promise<unknown>;
  xadd(value: string): Promise<unknown>;
  xread(cursor: string): Promise<Array<{ id: string; value: string }>>;
  ping(): Promise<unknown>;
  onReady(listener: () => void): void;
  close(): void;
}

async function connect(client: Client, url: string, tuned: boolean): Promise<Connection> {
  if (client === 'ioredis') {
    const redis = new Redis(url, {
      lazyConnect: true,
      ...(tuned ? { retryStrategy: storeRetry, commandTimeout: 200, blockingTimeout: 1 } : {}),
    });
    redis.on('error', () => {});
    await redis.connect();
    return {
      publish: (message) => redis.publish('channel', message),
      subscribe: async (onMessage) => {
        redis.on('message', (_channel, message) => onMessage(message));
        await redis.subscribe('channel');
      },
      xadd: (value) => redis.xadd('stream', '*', 'v', value),
      xread: async (cursor) =>
        (await redis.xread('BLOCK', 500, 'STREAMS', 'stream', cursor))?.[0]?.[1].map(([id, fields]) => ({
          id,
          value: fields[1] as string,
        })) ?? [],
      ping: () => redis.ping(),
      onReady: (listener) => redis.on('ready', listener),
      close: () => redis.disconnect(),
    };
  }
  const redis = createClient({ url, ...(tuned ? { socket: { reconnectStrategy: storeRetry } } : {}) });
  redis.on('error', () => {});
  await redis.connect();
  const timed = tuned ? redis.withCommandOptions({ timeout: 200 }) : redis;
  return {
    publish: (message) => redis.publish('channel', message),
    subscribe: (onMessage) => redis.subscribe('channel', onMessage),
    xadd: (value) => redis.xAdd('stream', '*', { v: value }),
    xread: async (cursor) => {
      const reply = (await redis.xRead({ key: 'stream', id: cursor }, { BLOCK: 500 })) as Array<{
        messages: Array<{ id: string; message: { v: string } }>;
      }> | null;
      return reply?.[0]?.messages.map(({ id, message }) => ({ id, value: message.v })) ?? [];
    },
    ping: () => timed.ping(),
    onReady: (listener) => redis.on('ready', listener),
    close: () => redis.destroy(),
  };
}

async function killedAndRestarted(server: RedisTestServer, client: Client, tuned: boolean) {
  const readyAfter: number[] = [];
  let restartedAt = 0;
  const subscribers = await Promise.all(Array.from({ length: 8 }, () => connect(client, server.url, tuned)));
  const readers = await Promise.all(Array.from({ length: 8 }, () => connect(client, server.url, tuned)));
  const publisher = await connect(client, server.url, tuned);
  const received = subscribers.map(() => new Set<string>());
  const read = readers.map(() => new Set<string>());
  for (const [index, subscriber] of subscribers.entries()) {
    subscriber.onReady(() => restartedAt && readyAfter.push(performance.now() - restartedAt));
    await subscriber.subscribe((message) => received[index]?.add(message));
  }
  let stop = false;
  const loops = readers.map(async (reader, index) => {
    reader.onReady(() => restartedAt && readyAfter.push(performance.now() - restartedAt));
    let cursor = '0-0';
    while (!stop) {
      try {
        for (const entry of await reader.xread(cursor)) {
          cursor = entry.id;
          read[index]?.add(entry.value);
        }
      } catch {
        await sleep(20);
      }
    }
  });
  const published: string[] = [];
  const appended: string[] = [];
  const start = performance.now();
  const sending = (async () => {
    for (let sequence = 0; performance.now() - start < 3_500; sequence++) {
      const message = String(sequence);
      await publisher.publish(message).then(
        () => published.push(message),
        () => {},
      );
      await publisher.xadd(message).then(
        () => appended.push(message),
        () => {},
      );
      await sleep(2);
    }
  })();
  await sleep(1_000);
  await server.kill();
  await sleep(1_000);
  await server.restart();
  restartedAt = performance.now();
  await sending;
  await sleep(600);
  stop = true;
  await Promise.all(loops);
  for (const connection of [...subscribers, ...readers, publisher]) connection.close();
  const lostPubSub = received.map((set) => published.filter((message) => !set.has(message)).length);
  const lostStream = read.map((set) => appended.filter((message) => !set.has(message)).length);
  const sorted = readyAfter.sort((a, b) => a - b);
  return {
    ready: `${Math.round(sorted[0] ?? Number.NaN)}–${Math.round(sorted.at(-1) ?? Number.NaN)} ms`,
    lostPubSub: `${Math.min(...lostPubSub)}–${Math.max(...lostPubSub)}`,
    lostStream: `${Math.max(...lostStream)}`,
  };
}

async function paused(server: RedisTestServer, client: Client) {
  const connection = await connect(client, server.url, true);
  server.pause();
  const pausedAt = performance.now();
  const outcomes = new Map<string, number[]>();
  const note = (outcome: string, sentAt: number) => {
    outcomes.set(outcome, [...(outcomes.get(outcome) ?? []), performance.now() - sentAt]);
  };
  const pings: Promise<void>[] = [];
  for (let index = 0; index < 10; index++) {
    const sentAt = performance.now();
    pings.push(
      connection.ping().then(
        () => note('answered', sentAt),
        (error: Error) => note(`rejected "${error.message}"`, sentAt),
      ),
    );
    await sleep(500);
  }
  server.resume();
  await Promise.all(pings);
  connection.close();
  const described = [...outcomes].map(([outcome, times]) => {
    const sorted = times.sort((a, b) => a - b);
    return `${times.length} ${outcome} after ${Math.round(sorted[0] ?? 0)}–${Math.round(sorted.at(-1) ?? 0)} ms`;
  });
  return { pausedFor: Math.round(performance.now() - pausedAt), described };
}

const server = await startRedisServer();
try {
  for (const client of ['ioredis', 'node-redis'] as const) {
    for (const tuned of [false, true]) {
      const result = await killedAndRestarted(server, client, tuned);
      console.log(
        `${client.padEnd(10)} killed+restarted, ${tuned ? 'store retry (≤250 ms)' : 'client defaults     '}: ` +
          `ready again ${result.ready} after Redis accepts connections; pub/sub lost ${result.lostPubSub} per subscriber; stream lost ${result.lostStream}`,
      );
    }
  }
  for (const client of ['ioredis', 'node-redis'] as const) {
    const result = await paused(server, client);
    console.log(
      `${client.padEnd(10)} paused ${result.pausedFor} ms, 10 PINGs with a 200 ms timeout: ${result.described.join('; ')}`,
    );
  }
} finally {
  await server.stop();
}
