/**
 * A fleet member in a child process, for fault tests and benchmarks: a Redis
 * health store driven by JSON lines on stdin, reporting on stdout.
 *
 *   stdin:  {"op":"record","input":{...}} | {"op":"state"} | {"op":"close"}
 *   stdout: {"op":"ready"} once synchronised, {"op":"change","event":...,"source":...,"at":<ms>} per change
 *           from the fleet, {"op":"recorded","event":...,"at":<ms>}, {"op":"state","events":[...]}
 *
 * `at` is `performance.timeOrigin + performance.now()`: high resolution and
 * comparable between processes of one machine.
 *
 * Arguments: the Redis URL, the fleet, the process id, and options as JSON.
 */
import { createInterface } from 'node:readline';
import type { HealthEventInput } from '../model/health-event.js';
import { createRedisHealthStore } from '../store/create-redis-health-store.js';

const [url = '', fleet = '', processId = '', optionsJson = '{}'] = process.argv.slice(2);
const store = createRedisHealthStore({ url, fleet, processId, ...JSON.parse(optionsJson) });
const now = () => performance.timeOrigin + performance.now();
const send = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);

store.on('change', ({ event, source }) => {
  if (source === 'fleet') send({ op: 'change', event, source, at: now() });
});
store.synced().then(() => send({ op: 'ready' }));

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as { op: string; input?: HealthEventInput };
  if (command.op === 'record' && command.input) {
    const at = now();
    send({ op: 'recorded', event: store.record(command.input), at });
  } else if (command.op === 'state') {
    send({ op: 'state', events: store.health.events() });
  } else if (command.op === 'close') {
    await store.close();
    break;
  }
}
process.exit(0);
