import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { validateScenario } from '../scenario/parse-scenario.js';
import { fixtureScenario } from '../testing/fixture-scenario.js';
import { describeAction, expandTimeline, type TimelineAction } from './expand-timeline.js';
import { scheduleTimeline } from './schedule-timeline.js';

const timeline = () => validateScenario(fixtureScenario()).timeline;

describe('expandTimeline', () => {
  it('adds an end for every windowed event and sorts by offset, file order within ties', () => {
    const actions = expandTimeline({ timeline: timeline() });
    expect(actions.map((action) => [action.atMs, action.phase, action.event.type])).toEqual([
      [2000, 'start', 'policy'],
      [2000, 'start', 'cutoff'],
      [4000, 'start', 'outage'],
      [5000, 'end', 'outage'],
    ]);
  });

  it('describes actions for people', () => {
    const actions = expandTimeline({ timeline: timeline() });
    expect(actions.map(describeAction)).toEqual([
      'export control: policy change',
      'cutoff region_block on frontier-us for CN, RU, DE callers',
      'outage server_error 503 on anthropic',
      'outage server_error 503 on anthropic ends',
    ]);
  });

  it('tells two unlabelled latency or 429 events on one target apart by their size', () => {
    const events = validateScenario(
      fixtureScenario({
        timeline: [
          { at: '1s', type: 'latency', target: 'frontier-us', extraMs: 500, duration: '500ms' },
          { at: '2s', type: 'latency', target: 'frontier-us', extraMs: 2000, duration: '500ms' },
          { at: '3s', type: 'rate_limited', target: 'frontier-us', retryAfterSeconds: 30, duration: '500ms' },
          { at: '4s', type: 'rate_limited', target: 'frontier-us', duration: '500ms' },
        ],
      }),
    ).timeline;
    const starts = expandTimeline({ timeline: events }).filter((action) => action.phase === 'start');
    expect(starts.map(describeAction)).toEqual([
      'latency +500 ms on frontier-us',
      'latency +2000 ms on frontier-us',
      'rate_limited retry-after 30 s on frontier-us',
      'rate_limited without retry-after on frontier-us',
    ]);
  });
});

describe('scheduleTimeline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs each action at its offset divided by the time scale', async () => {
    const seen: [number, string][] = [];
    const started = Date.now();
    scheduleTimeline({
      actions: expandTimeline({ timeline: timeline() }),
      timeScale: 100,
      onAction: (action) => seen.push([Date.now() - started, `${action.event.type}:${action.phase}`]),
    });
    await vi.advanceTimersByTimeAsync(19);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([
      [20, 'policy:start'],
      [20, 'cutoff:start'],
    ]);
    await vi.advanceTimersByTimeAsync(40);
    expect(seen.map(([at]) => at)).toEqual([20, 20, 40, 50]);
  });

  it('runs due actions early on request and never twice', async () => {
    const seen: TimelineAction[] = [];
    const schedule = scheduleTimeline({
      actions: expandTimeline({ timeline: timeline() }),
      timeScale: 1,
      onAction: (action) => seen.push(action),
    });
    schedule.runDue(2000);
    expect(seen).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(4);
  });

  it('drops what has not run on cancel', async () => {
    const seen: TimelineAction[] = [];
    const schedule = scheduleTimeline({
      actions: expandTimeline({ timeline: timeline() }),
      timeScale: 1,
      onAction: (action) => seen.push(action),
    });
    await vi.advanceTimersByTimeAsync(3000);
    schedule.cancel();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toHaveLength(2);
  });
});
