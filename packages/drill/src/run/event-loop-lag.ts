import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How far this process's event loop fell behind during a drill. */
export interface DrillEventLoop {
  /** Event-loop delay, real ms: 99th percentile and maximum (beyond the sampling interval). */
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
  /** The time scale the drill ran at (simulated ms per real ms). */
  readonly timeScale: number;
  /** `delayP99Ms` in simulated ms: how late a simulated latency, timeout or event could be. */
  readonly simulatedDelayP99Ms: number;
  /** Whether that is too late for the drill's latencies and timeouts to mean much. */
  readonly fellBehind: boolean;
  /** When it fell behind: a time scale at which this machine would have kept up. */
  readonly suggestedTimeScale?: number;
}

/**
 * A p99 event-loop delay of this many simulated ms or more distorts a drill:
 * the default time-to-first-token timeout is 30 simulated seconds and
 * simulated first tokens take a few hundred ms.
 */
export const fellBehindAtSimulatedMs = 1_000;

/** Sampling interval of the histogram, ms; its delay readings include it. */
const resolutionMs = 10;

/**
 * Judges an event-loop delay against the time scale: every real millisecond
 * of delay is `timeScale` simulated ones.
 *
 * @param options.delayP99Ms 99th percentile of the event-loop delay, real ms.
 * @param options.delayMaxMs its maximum, real ms.
 * @param options.timeScale simulated ms per real ms.
 */
export function judgeEventLoop(options: {
  delayP99Ms: number;
  delayMaxMs: number;
  timeScale: number;
}): DrillEventLoop {
  const { delayP99Ms, delayMaxMs, timeScale } = options;
  const simulatedDelayP99Ms = delayP99Ms * timeScale;
  const fellBehind = simulatedDelayP99Ms >= fellBehindAtSimulatedMs;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    delayP99Ms: round(delayP99Ms),
    delayMaxMs: round(delayMaxMs),
    timeScale,
    simulatedDelayP99Ms: Math.round(simulatedDelayP99Ms),
    fellBehind,
    ...(fellBehind
      ? {
          // A quarter of the threshold leaves room for the run to be noisier than this one.
          suggestedTimeScale: Math.max(
            1,
            Math.floor(fellBehindAtSimulatedMs / 4 / Math.max(delayP99Ms, 0.001)),
          ),
        }
      : {}),
  };
}

/**
 * Starts measuring the event-loop delay of this process (Node's
 * `monitorEventLoopDelay`). `stop()` ends it and judges it.
 */
export function watchEventLoop(timeScale: number): { stop(): DrillEventLoop } {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      const beyond = (nanoseconds: number) =>
        Number.isFinite(nanoseconds) ? Math.max(0, nanoseconds / 1e6 - resolutionMs) : 0;
      return judgeEventLoop({
        delayP99Ms: histogram.count === 0 ? 0 : beyond(histogram.percentile(99)),
        delayMaxMs: histogram.count === 0 ? 0 : beyond(histogram.max),
        timeScale,
      });
    },
  };
}
