import type { DecisionRecord } from '@switchyard/core';
import type { AssertionVerdict } from '../assertions/assertion-verdict.js';
import type { DrillEvent } from './drill-progress.js';
import type { DrillEventLoop } from './event-loop-lag.js';

/** Traffic between two timeline events. */
export interface DrillPhase {
  /** Simulated ms of the phase's start. */
  readonly fromMs: number;
  /** What started it (`start` for the first). */
  readonly label: string;
  /** Requests started in the phase. */
  readonly requests: number;
  /** Of which served. */
  readonly served: number;
  /** Requests served per target id. */
  readonly servedBy: Readonly<Record<string, number>>;
  /** Requests that needed at least one fallback. */
  readonly fellBack: number;
}

/** Per target figures. */
export interface DrillTargetFigures {
  readonly served: number;
  readonly attempts: number;
  readonly failedAttempts: number;
  readonly costUsd: number;
}

/** What a drill wrote into its `out` folder. */
export interface DrillFiles {
  /** Decision records, one JSON object per line. */
  readonly records: string;
  /** The result without the records. */
  readonly summaryJson: string;
  /** The human summary, as printed. */
  readonly summaryText: string;
  /** Timeline actions and detected cut-offs: `[{ at: epoch ms, label, source }]`, the report's event markers. */
  readonly events: string;
  /** The report (unless turned off): self-contained HTML with charts, Markdown, JSON. */
  readonly reportHtml?: string;
  readonly reportMarkdown?: string;
  readonly reportJson?: string;
}

/** What a drill did and whether every assertion held. */
export interface DrillResult {
  /** The scenario's name. */
  readonly name: string;
  /** `simulated` or `live`. */
  readonly mode: 'simulated' | 'live';
  /** The workload seed. */
  readonly seed: number;
  /** Whether every assertion held (and the run was not stopped early). */
  readonly passed: boolean;
  /** Why the run ended early: `signal` (aborted, e.g. Ctrl-C), `max-spend`, `duration`; absent when it ran to the end. */
  readonly stopped?: 'signal' | 'max-spend' | 'duration';
  /** One verdict per assertion. */
  readonly verdicts: readonly AssertionVerdict[];
  /** Counts as seen by the caller. */
  readonly counts: {
    readonly planned: number;
    readonly sent: number;
    readonly served: number;
    readonly failed: number;
    readonly lost: number;
    readonly attempts: number;
    /** Requests that fell back: an attempt on one target failed and another was tried. */
    readonly fallbacks: number;
  };
  /** Total cost and the part wasted on attempts that did not serve, USD. */
  readonly costUsd: number;
  readonly wastedCostUsd: number;
  /** Per target. */
  readonly targets: Readonly<Record<string, DrillTargetFigures>>;
  /** Traffic between timeline events. */
  readonly phases: readonly DrillPhase[];
  /** Timeline actions and cut-offs the router detected, in order. */
  readonly events: readonly DrillEvent[];
  /** Simulated and real duration, ms. */
  readonly simulatedMs: number;
  readonly realMs: number;
  /** How far this process's event loop fell behind the time scale while the drill ran. */
  readonly eventLoop?: DrillEventLoop;
  /** Files written, when `out` was given. */
  readonly files?: DrillFiles;
  /** Why the report could not be written (the records and summaries still were). */
  readonly reportError?: string;
  /** Every decision record (in memory). */
  readonly records: readonly DecisionRecord[];
}
