import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HealthEvent, HealthEventInput } from '../model/health-event.js';

/** A message of a fleet member process (see `fleet-member-process.ts`). */
export type FleetMemberMessage =
  | { op: 'ready' }
  | { op: 'change'; event: HealthEvent; source: 'local' | 'fleet'; at: number }
  | { op: 'recorded'; event: HealthEvent; at: number }
  | { op: 'state'; events: HealthEvent[] };

const script = new URL('./fleet-member-process.ts', import.meta.url).pathname;

/**
 * A Redis health store in a child process: what a replica of an application
 * does, for tests that pause a whole process and benchmarks that need N of them.
 */
export class FleetMember {
  /** Every message received, in order. */
  readonly messages: FleetMemberMessage[] = [];
  private readonly child: ChildProcess;
  private readonly waiters = new Set<() => void>();
  private exitedWith: string | undefined;

  constructor(options: { url: string; fleet: string; processId: string; storeOptions?: object }) {
    this.child = spawn(
      process.execPath,
      [
        '--conditions=@switchyard/source',
        '--import',
        'tsx',
        script,
        options.url,
        options.fleet,
        options.processId,
        JSON.stringify(options.storeOptions ?? {}),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: this.child.stdout as NonNullable<ChildProcess['stdout']> });
    lines.on('line', (line) => {
      this.messages.push(JSON.parse(line) as FleetMemberMessage);
      this.wake();
    });
    this.child.once('exit', (code, signal) => {
      this.exitedWith = String(signal ?? code);
      this.wake();
    });
  }

  /** Resolves with the first message (from `from` on) that matches; rejects if the process exits first. */
  async next<Message extends FleetMemberMessage>(
    match: (message: FleetMemberMessage) => message is Message,
    from = 0,
  ): Promise<Message> {
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found !== undefined) return found;
      if (this.exitedWith !== undefined) throw new Error(`fleet member exited (${this.exitedWith})`);
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  /** Resolves once the member synchronised with Redis. */
  ready(): Promise<unknown> {
    return this.next((message): message is { op: 'ready' } => message.op === 'ready');
  }

  /** Records an event in the member. */
  record(input: HealthEventInput): void {
    this.send({ op: 'record', input });
  }

  /** The member's state. */
  async state(): Promise<HealthEvent[]> {
    const from = this.messages.length;
    this.send({ op: 'state' });
    const reply = await this.next(
      (message): message is { op: 'state'; events: HealthEvent[] } => message.op === 'state',
      from,
    );
    return reply.events;
  }

  /** Freezes the whole process (SIGSTOP). */
  pause(): void {
    this.child.kill('SIGSTOP');
  }

  /** Thaws it (SIGCONT). */
  resume(): void {
    this.child.kill('SIGCONT');
  }

  /** Closes the store and waits for the process to end. */
  async close(): Promise<void> {
    if (this.exitedWith !== undefined) return;
    this.child.kill('SIGCONT');
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ op: 'close' });
    await exited;
  }

  private send(command: object): void {
    this.child.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  private wake(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const resolve of waiters) resolve();
  }
}
