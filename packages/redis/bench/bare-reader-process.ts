/**
 * The baseline reader of the propagation benchmark, in a child process: a
 * bare ioredis `XREAD BLOCK` loop on one stream, printing `{"name":...,"at":...}`
 * per entry (`at`: performance.timeOrigin + performance.now()). No store, no
 * validation: the transport's floor for N processes.
 *
 * Arguments: the Redis URL, the stream key.
 */
import { Redis } from 'ioredis';

const [url = '', key = ''] = process.argv.slice(2);
const client = new Redis(url);
let cursor = '0-0'; // a fresh stream: from its start, so no entry can come before the first read
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
await client.ping();
process.stdout.write('{"ready":true}\n');
for (;;) {
  const reply = await client.xread('BLOCK', 2_000, 'STREAMS', key, cursor);
  for (const [, entries] of reply ?? []) {
    for (const [id, fields] of entries) {
      cursor = id;
      process.stdout.write(
        `${JSON.stringify({ name: fields[1], at: performance.timeOrigin + performance.now() })}\n`,
      );
    }
  }
}
