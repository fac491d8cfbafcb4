import { type ChildProcess, fork } from 'node:child_process';
import type { BasisDocument, DecisionRecord } from '@switchyard/core';
import type { WorkloadCounts } from '../run/send-workload.js';
import type { FromMember, MemberHealthEvent, ToMember } from './fleet-messages.js';

const script = new URL(
  import.meta.url.endsWith('.ts') ? './fleet-member-process.ts' : './fleet-member-process.js',
  import.meta.url,
);
/** From sources (tests, `pnpm switchyard`), the child needs tsx and the source condition; built, nothing. */
const execArgv = import.meta.url.endsWith('.ts')
  ? ['--conditions=@switchyard/source', '--import', 'tsx']
  : [];

interface Member {
  readonly child: ChildProcess;
  processId: string;
  done: boolean;
  counts: WorkloadCounts | undefined;
  eventLoop: { p99Ms: number; maxMs: number } | undefined;
  basis: readonly BasisDocument[];
  failure: string | undefined;
}

/** The router processes of a fleet drill: started, told what to do, listened to, stopped. */
export class FleetMembers {
  readonly #members: Member[] = [];
  readonly #waiters = new Set<() => void>();

  constructor(
    private readonly options: {
      processes: number;
      /** A record of a process, as it arrives (`at`: when the process sent it, wall clock). */
      onRecord: (
        process: string,
        record: DecisionRecord,
        attemptStarts: readonly number[],
        at: number,
      ) => void;
      onHealth: (process: string, event: MemberHealthEvent) => void;
      /** A process said how far it got (wall clock): nothing it sends later is earlier. */
      onClock?: (process: string, at: number) => void;
      /** A process finished or failed: nothing more comes from it. */
      onEnd?: (process: string) => void;
    },
  ) {}

  /** Forks the processes, hands each its part, and resolves once every one is connected to Redis. */
  async start(
    init: Omit<Extract<ToMember, { type: 'init' }>, 'type' | 'index' | 'processes'>,
  ): Promise<void> {
    for (let index = 0; index < this.options.processes; index++) {
      const child = fork(script, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const member: Member = {
        child,
        processId: `p${index + 1}`,
        done: false,
        counts: undefined,
        eventLoop: undefined,
        basis: [],
        failure: undefined,
      };
      this.#members.push(member);
      child.on('message', (message: FromMember) => this.#receive(member, message));
      child.once('exit', (code, signal) => {
        if (!member.done && member.failure === undefined) {
          member.failure = `${member.processId} exited (${signal ?? code}) before finishing`;
        }
        this.#end(member);
        this.#wake();
      });
      child.send({ type: 'init', ...init, index, processes: this.options.processes } satisfies ToMember);
    }
    await this.#until(() =>
      this.#members.every(
        (member) => member.counts !== undefined || member.failure !== undefined || this.#ready.has(member),
      ),
    );
    const failed = this.#members.find((member) => member.failure !== undefined);
    if (failed !== undefined) throw new Error(`a fleet process failed to start: ${failed.failure}`);
  }

  readonly #ready = new Set<Member>();

  /** Sends a message to every process. */
  broadcast(message: ToMember): void {
    for (const member of this.#members) if (member.child.connected) member.child.send(message);
  }

  /** Resolves once every process finished its share (or failed). */
  finished(): Promise<void> {
    return this.#until(() => this.#members.every((member) => member.done));
  }

  /** Kills whatever is still running. */
  async stop(): Promise<void> {
    await Promise.all(
      this.#members.map(
        (member) =>
          new Promise<void>((resolve) => {
            if (member.child.exitCode !== null || member.child.signalCode !== null) return resolve();
            member.child.once('exit', () => resolve());
            member.child.kill('SIGKILL');
          }),
      ),
    );
  }

  /** Process ids, `p1`... */
  processIds(): string[] {
    return this.#members.map((member) => member.processId);
  }

  /** How the requests ended, summed over the processes. */
  /**
   * The basis documents of every process that finished (catalog, prices, policies, budgets), each
   * once: the processes share a config, and a policy change gives each the same new version.
   */
  basis(): BasisDocument[] {
    const byVersion = new Map<string, BasisDocument>();
    for (const { basis } of this.#members)
      for (const document of basis) {
        const key = `${document.kind}:${document.version}`;
        if (!byVersion.has(key)) byVersion.set(key, document);
      }
    return [...byVersion.values()];
  }

  counts(): { sent: number; served: number; failed: number; lost: number } {
    const sum = { sent: 0, served: 0, failed: 0, lost: 0 };
    for (const { counts } of this.#members) {
      if (counts === undefined) continue;
      sum.sent += counts.sent;
      sum.served += counts.served;
      sum.failed += counts.failed;
      sum.lost += counts.lost;
    }
    return sum;
  }

  /** Calls that failed with a typed error over the fleet, by error code, with the first message of each. */
  typedFailures(): Record<string, { count: number; example: string }> {
    const sum: Record<string, { count: number; example: string }> = {};
    for (const { counts } of this.#members) {
      for (const [code, failure] of Object.entries(counts?.failures ?? {})) {
        const known = sum[code];
        sum[code] = known === undefined ? { ...failure } : { ...known, count: known.count + failure.count };
      }
    }
    return sum;
  }

  /** How late each process's event loop ran while it sent its share (p99 and max, ms). */
  eventLoops(): Record<string, { p99Ms: number; maxMs: number }> {
    return Object.fromEntries(
      this.#members.flatMap((member) =>
        member.eventLoop === undefined ? [] : [[member.processId, member.eventLoop]],
      ),
    );
  }

  /** Why processes failed. */
  failures(): string[] {
    return this.#members.flatMap((member) => (member.failure === undefined ? [] : [member.failure]));
  }

  #receive(member: Member, message: FromMember): void {
    switch (message.type) {
      case 'ready':
        member.processId = message.processId;
        this.#ready.add(member);
        break;
      case 'record':
        this.options.onRecord(member.processId, message.record, message.attemptStarts, message.at);
        break;
      case 'health':
        this.options.onHealth(member.processId, message.event);
        break;
      case 'clock':
        this.options.onClock?.(member.processId, message.at);
        break;
      case 'done':
        member.counts = message.counts;
        member.eventLoop = message.eventLoop;
        member.basis = message.basis;
        this.#end(member);
        break;
      case 'failed':
        member.failure = `${member.processId}: ${message.message}`;
        this.#end(member);
        break;
    }
    this.#wake();
  }

  #end(member: Member): void {
    if (member.done) return;
    member.done = true;
    this.options.onEnd?.(member.processId);
  }

  #until(condition: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!condition()) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
