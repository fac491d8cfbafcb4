/** A snapshot of a running drill, for progress displays. */
export interface DrillProgress {
  /** `true` while the baseline pass runs (`baseline`: the workload again, without the timeline). */
  readonly baseline?: boolean;
  /** Simulated ms since the start. */
  readonly elapsedMs: number;
  /** Real ms since the start. */
  readonly realElapsedMs: number;
  /** Requests planned. */
  readonly total: number;
  /** Requests sent so far. */
  readonly sent: number;
  /** Requests served so far. */
  readonly served: number;
  /** Requests failed so far (typed error or lost). */
  readonly failed: number;
  /** Requests in flight. */
  readonly inFlight: number;
  /** Requests so far that fell back: an attempt on one target failed and another was tried. */
  readonly fallbacks: number;
  /** Attempts so far. */
  readonly attempts: number;
  /** Share of the last served requests (up to 200) per target id, 0..1. */
  readonly share: Readonly<Record<string, number>>;
  /** The last timeline event or cut-off detection, as a line. */
  readonly lastEvent?: string;
  /** Cost so far in USD. */
  readonly costUsd: number;
}

/** One thing that happened during a drill: a timeline action or a cut-off the router detected. */
export interface DrillEvent {
  /** Simulated ms since the start when it happened. */
  readonly atMs: number;
  /** `timeline` (from the scenario), `policy` (a rule's effective or expiry date passed) or `router` (what the router saw). */
  readonly source: 'timeline' | 'policy' | 'router';
  /** A readable line. */
  readonly description: string;
  /**
   * Drills in real time (`loopback`, `live`, fleet drills): the offset at which a timeline event
   * actually played (real ms since the start, times the time scale), when it differs from `atMs`
   * by a millisecond or more (a busy machine plays the timeline late; `playedEvent`). Absent
   * otherwise, and always in simulated drills.
   */
  readonly playedAtMs?: number;
}
