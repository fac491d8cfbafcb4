import { describe, expect, it } from 'vitest';
import { drillResultFixture } from '../testing/drill-result-fixture.js';
import type { DrillResult } from './drill-result.js';
import { fellBehindAtSimulatedMs, judgeEventLoop, watchEventLoop } from './event-loop-lag.js';
import { formatDrillSummary } from './format-drill-summary.js';

const result = (eventLoop?: DrillResult['eventLoop']): DrillResult =>
  drillResultFixture({ mode: 'loopback', passed: false, ...(eventLoop ? { eventLoop } : {}) });

describe('judgeEventLoop', () => {
  it('keeps a few real ms of delay at 30x (well under a simulated second) as keeping up', () => {
    const judged = judgeEventLoop({ delayP99Ms: 3, delayMaxMs: 9, timeScale: 30 });
    expect(judged).toEqual({
      delayP99Ms: 3,
      delayMaxMs: 9,
      timeScale: 30,
      simulatedDelayP99Ms: 90,
      fellBehind: false,
    });
  });

  it('says the machine fell behind once the delay reaches a simulated second, and suggests a scale that keeps up', () => {
    const judged = judgeEventLoop({ delayP99Ms: 141, delayMaxMs: 226, timeScale: 30 });
    expect(judged.fellBehind).toBe(true);
    expect(judged.simulatedDelayP99Ms).toBe(4230);
    // 141 ms x suggested scale stays within a quarter of the threshold.
    expect(judged.suggestedTimeScale).toBe(1);
    const borderline = judgeEventLoop({
      delayP99Ms: fellBehindAtSimulatedMs / 60,
      delayMaxMs: 20,
      timeScale: 60,
    });
    expect(borderline.fellBehind).toBe(true);
    expect(borderline.suggestedTimeScale).toBe(14);
    expect(judgeEventLoop({ delayP99Ms: 16, delayMaxMs: 20, timeScale: 60 }).fellBehind).toBe(false);
  });

  it('reports no delay when the loop was not sampled (a drill over before the first sample)', () => {
    const judged = watchEventLoop(60).stop();
    expect(judged).toEqual({
      delayP99Ms: 0,
      delayMaxMs: 0,
      timeScale: 60,
      simulatedDelayP99Ms: 0,
      fellBehind: false,
    });
  });
});

describe('formatDrillSummary', () => {
  it('warns a loopback drill, right under its title, when the machine fell behind, naming the delay, a time scale to use and simulated mode', () => {
    const text = formatDrillSummary(
      result(judgeEventLoop({ delayP99Ms: 141, delayMaxMs: 226, timeScale: 30 })),
    ).split('\n');
    const title = text.findIndex((line) => line.startsWith('Drill "unit" (loopback'));
    expect(text[title + 1]).toBe(
      'Warning: this machine fell behind the time scale: event-loop delay p99 141 ms real, 4.2 s simulated at 30x. Latencies, timeouts and event instants are distorted by that much; rerun with --time-scale 1, or in simulated mode (virtual time, reproducible).',
    );
  });

  it('says nothing when it kept up', () => {
    const text = formatDrillSummary(result(judgeEventLoop({ delayP99Ms: 3, delayMaxMs: 9, timeScale: 30 })));
    expect(text).not.toContain('Warning');
  });
});
