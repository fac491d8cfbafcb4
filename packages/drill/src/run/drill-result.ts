import type { DecisionRecord } from '@switchyard/core';
import type { AssertionVerdict } from '../assertions/assertion-verdict.js';
import type { DrillBaseline } from './compare-baseline.js';
import type { DrillEvent } from './drill-progress.js';
import type { DrillEventLoop } from './event-loop-lag.js';
import type { UnmetFault } from './fault-meetings.js';

/** How a drill ran: `simulated` (in-process simulators on virtual time, reproducible), `loopback` (simulators on real sockets, scaled real time) or `live` (real providers). */
export type DrillMode = 'simulated' | 'loopback' | 'live';

/** Traffic between two timeline instants: each event's start and each windowed event's end bound a phase. */
export interface DrillPhase {
  /** Offset (simulated ms) of the phase's start. */
  readonly fromMs: number;
  /** Offset of its end: the next event's start or end, or the end of the drill. */
  readonly toMs: number;
  /** What started it: `start`, an event's label, or `<label> ends`. */
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
  /** Requests it served. */
  readonly served: number;
  /** Attempts on it. */
  readonly attempts: number;
  /** Attempts on it that failed. */
  readonly failedAttempts: number;
  /** USD of every attempt on it. */
  readonly costUsd: number;
  /** USD of its attempts that did not serve (failed streams priced by the tokens delivered). */
  readonly wastedCostUsd: number;
  /** Open weights hosted on your own premises (`hostedIn: self`, `weights: open`). */
  readonly localOpenWeights: boolean;
}

/** Per caller jurisdiction figures. */
export interface DrillJurisdictionFigures {
  readonly requests: number;
  readonly served: number;
  readonly failed: number;
  /** Requests that needed at least one fallback. */
  readonly fellBack: number;
  /** Requests served by local open weights. */
  readonly toLocal: number;
  /** USD of every attempt of its requests. */
  readonly costUsd: number;
  /** Requests served per target id. */
  readonly servedBy: Readonly<Record<string, number>>;
  /** Latency of its served requests, simulated ms. */
  readonly latencyMs: LatencyFigures;
}

/** Exact latency percentiles, simulated ms. */
export interface LatencyFigures {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** What the records say, in total and by target, jurisdiction and phase. */
export interface DrillFigures {
  /** Decision records. */
  readonly requests: number;
  /** USD of every attempt. */
  readonly costUsd: number;
  /** USD of the attempts that did not serve. */
  readonly wastedCostUsd: number;
  /** Requests served by local open weights. */
  readonly toLocalOpenWeights: number;
  /** Latency of served requests, simulated ms. */
  readonly latencyMs: LatencyFigures;
  readonly targets: Readonly<Record<string, DrillTargetFigures>>;
  readonly jurisdictions: Readonly<Record<string, DrillJurisdictionFigures>>;
  readonly phases: readonly DrillPhase[];
}

/** What a drill wrote into its `out` folder. */
export interface DrillFiles {
  /** Decision records, one JSON object per line. */
  readonly records: string;
  /** The result without the records. */
  readonly summaryJson: string;
  /** The human summary, as printed. */
  readonly summaryText: string;
  /** Timeline actions, rules' effective dates and detected cut-offs: `[{ at, offsetMs, label, source }]`. */
  readonly events: string;
  /** The report (unless turned off): self-contained HTML with charts, Markdown, JSON. */
  readonly reportHtml?: string;
  readonly reportMarkdown?: string;
  readonly reportJson?: string;
  /** The baseline run's records (with `baseline`). */
  readonly baselineRecords?: string;
}

/** A timeline event the drill ended before. */
export interface UnplayedEvent {
  /** Its index in the scenario's `timeline`. */
  readonly index: number;
  /** Its offset, simulated ms. */
  readonly atMs: number;
  /** Its label, or what it does (`cutoff model_withdrawn on frontier-us`). */
  readonly label: string;
}

/** What a drill did and whether every assertion held. */
export interface DrillResult extends DrillFigures {
  /** The scenario's name. */
  readonly name: string;
  readonly mode: DrillMode;
  /** The workload seed. */
  readonly seed: number;
  /** Epoch ms of offset 0 (the scenario's `start`). */
  readonly startMs: number;
  /** Whether every assertion held (and the run was not stopped early, every timeline event played, and its records were written). */
  readonly passed: boolean;
  /**
   * Timeline events that never played: the drill ended (every request settled) before their
   * offset, so it did not rehearse them and does not pass. Absent when every event played.
   */
  readonly unplayed?: readonly UnplayedEvent[];
  /**
   * Windowed events that started but whose end (`at` + `duration`) is past the drill's end, so
   * it never played: the event held to the end of the drill. Not a failure (a ban longer than the
   * drill is legitimate), a warning in the summary and the report; `atMs` is where it would have
   * ended. Absent when every end played.
   */
  readonly unended?: readonly UnplayedEvent[];
  /**
   * Fault events that played but that no request met: no request whose route offers their targets
   * was sent, and no attempt on them started, within their window (by a caller they hit), so the
   * drill did not rehearse them and does not pass
   * (a `duration: 20`, read as 20 ms, where `20s` was meant). Simulated mode only; absent when
   * every fault was met.
   */
  readonly unmet?: readonly UnmetFault[];
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
  /** Timeline actions, rules' effective dates and cut-offs the router detected, in order. */
  readonly events: readonly DrillEvent[];
  /** Simulated duration, ms. */
  readonly simulatedMs: number;
  /** Real duration, ms (machine dependent: never written to the summary files of a simulated drill). */
  readonly realMs: number;
  /** Loopback mode: how far this process's event loop fell behind the time scale. */
  readonly eventLoop?: DrillEventLoop;
  /** The same workload and seed without the timeline, and what the events cost (with `baseline`). */
  readonly baseline?: DrillBaseline;
  /** Files written, when `out` was given. */
  readonly files?: DrillFiles;
  /** Why the report could not be written (the records and summaries still were). */
  readonly reportError?: string;
  /** Why the records could not be written completely. */
  readonly recordsError?: string;
  /** Calls that failed with a typed error, by error code, with the first message of each. */
  readonly failures?: Readonly<Record<string, { readonly count: number; readonly example: string }>>;
  /** The first messages of calls lost without a typed error. */
  readonly lostExamples?: readonly string[];
  /** The decision records, when kept in memory (`keepRecords`; default: when there is no `out`). */
  readonly records: readonly DecisionRecord[];
}
