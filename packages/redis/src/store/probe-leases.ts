import type { Redis } from 'ioredis';
import { healthScripts } from './health-scripts.js';
import { runScript } from './run-script.js';

/** A process's view of one target's probe lease. */
interface Lease {
  /** `asking`: SET NX sent; `held`: ours, unused; `used`: ours, the probe went; `elsewhere`: another process holds it. */
  state: 'asking' | 'held' | 'used' | 'elsewhere';
  /** Epoch ms this view expires (then the lease is asked for again). */
  until: number;
}

/** How long a process waits before asking again for a lease another process holds, ms. */
const elsewhereRecheckMs = 1_000;

/**
 * Half-open probe leases: `SET <key> <process> NX PX <leaseMs>` makes exactly
 * one process of the fleet the prober of a target while the lease lasts. The
 * request path never waits: {@link ProbeLeases.tryProbe} answers from what
 * the process knows and asks Redis in the background.
 */
export class ProbeLeases {
  private readonly leases = new Map<string, Lease>();

  constructor(
    private readonly options: {
      redis: Redis;
      key: (targetId: string) => string;
      processId: string;
      leaseMs: number;
      now: () => number;
      onError: (cause: unknown) => void;
    },
  ) {}

  /**
   * Whether this process may probe the target now: true once per lease it
   * holds. Without Redis (`connected` false) every process decides for itself: true.
   */
  tryProbe(targetId: string, connected: boolean): boolean {
    if (!connected) return true;
    const now = this.options.now();
    const lease = this.leases.get(targetId);
    if (lease !== undefined && now < lease.until) {
      if (lease.state !== 'held') return false;
      lease.state = 'used';
      return true;
    }
    this.leases.set(targetId, { state: 'asking', until: now + this.options.leaseMs });
    this.options.redis
      .set(this.options.key(targetId), this.options.processId, 'PX', this.options.leaseMs, 'NX')
      .then(
        (reply) => {
          const current = this.leases.get(targetId);
          if (current?.state !== 'asking') return;
          if (reply === 'OK') this.leases.set(targetId, { state: 'held', until: now + this.options.leaseMs });
          else
            this.leases.set(targetId, { state: 'elsewhere', until: this.options.now() + elsewhereRecheckMs });
        },
        (error: unknown) => {
          this.leases.delete(targetId);
          this.options.onError(error);
        },
      );
    return false;
  }

  /** Gives the lease back (when this process holds it), after the probe's outcome was recorded. */
  release(targetId: string): void {
    const lease = this.leases.get(targetId);
    this.leases.delete(targetId);
    if (lease === undefined || (lease.state !== 'held' && lease.state !== 'used')) return;
    runScript(
      this.options.redis,
      healthScripts.release,
      [this.options.key(targetId)],
      [this.options.processId],
    ).catch((error: unknown) => this.options.onError(error));
  }
}
