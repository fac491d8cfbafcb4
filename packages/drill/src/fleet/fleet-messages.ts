import type { BasisDocument, DecisionRecord } from '@switchyard/core';
import type { WorkloadCounts } from '../run/send-workload.js';
import type { Scenario } from '../scenario/scenario-schema.js';

/** What a fleet drill tells one of its router processes. */
export type ToMember =
  /** Who it is and what it runs. */
  | {
      readonly type: 'init';
      readonly scenario: Scenario;
      readonly index: number;
      readonly processes: number;
      readonly seed: number;
      readonly timeScale: number;
      readonly redisUrl: string;
      readonly fleet: string;
      readonly baseURLs: Readonly<Record<string, string>>;
    }
  /** Send your share of the workload; offset 0 is `startAt` (wall clock, epoch ms). */
  | { readonly type: 'start'; readonly startAt: number }
  /** The timeline restored these targets. */
  | { readonly type: 'restore'; readonly targetIds: readonly string[] }
  /** Stop sending; finish what is in flight. */
  | { readonly type: 'stop' };

/** A cut-off or restore one process announced (`target-cut-off` / `target-restored`), with when. */
export interface MemberHealthEvent {
  readonly kind: 'cutoff' | 'restore';
  readonly targetId: string;
  /** The scope key: `*` (whole target) or a caller jurisdiction. */
  readonly scope: string;
  /** Detected in this process, or learnt from the fleet. */
  readonly source: 'local' | 'fleet';
  /** The process that detected or lifted it. */
  readonly by: string;
  /** A cut-off detected here: why (`model_withdrawn`, the failure's code or kind). */
  readonly reason?: string;
  /** Wall clock, epoch ms with sub-ms precision (`performance.timeOrigin + performance.now()`). */
  readonly at: number;
}

/** What a router process of a fleet drill tells the drill. */
export type FromMember =
  | { readonly type: 'ready'; readonly processId: string }
  /** Still here at `at` (wall clock), every 250 ms while it sends: nothing it sends later is earlier. */
  | { readonly type: 'clock'; readonly at: number }
  | { readonly type: 'health'; readonly event: MemberHealthEvent }
  /**
   * A decision record, the wall-clock start of each of its attempts (same order), and when it was
   * sent (wall clock: every message the process sends later is later).
   */
  | {
      readonly type: 'record';
      readonly record: DecisionRecord;
      readonly attemptStarts: readonly number[];
      readonly at: number;
    }
  /** Finished its share; how late its event loop ran meanwhile (ms); its router's basis documents. */
  | {
      readonly type: 'done';
      readonly counts: WorkloadCounts;
      readonly eventLoop: { readonly p99Ms: number; readonly maxMs: number };
      readonly basis: readonly BasisDocument[];
    }
  | { readonly type: 'failed'; readonly message: string };
