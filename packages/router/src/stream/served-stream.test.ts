import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, collect, setup, transient } from '../test-fixtures/router-harness.js';
import { tricklingModel } from '../test-fixtures/trickling-model.js';

describe('ServedStream', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a stream that keeps coming past the attempt timeout, on time (the stall watch keeps the timer)', async () => {
    vi.useFakeTimers();
    const { model, sink } = setup(
      {},
      {
        models: { alpha: tricklingModel(100) },
        midStream: 'error',
        health: { attemptTimeoutMs: 1_500, stallTimeoutMs: 1_000 },
      },
    );
    const { stream } = await model.doStream(call());
    const collected = collect(stream);
    await vi.advanceTimersByTimeAsync(1_499);
    expect(sink.records).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    const parts = await collected;
    expect(parts.at(-1)).toMatchObject({ type: 'error' });
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      targetId: 'alpha',
      outcome: 'failure',
      failureKind: 'timeout',
    });
    expect(sink.records[0]?.error?.message).toMatch(/did not end within 1500 ms/);
  });

  it('records a stream the caller cancels as aborted, once, and frees the target', async () => {
    const { router, model, sink } = setup({ alpha: [{ text: 'one two three four five six' }] });
    const { stream } = await model.doStream(call());
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel('user closed the tab');
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]?.attempts.at(-1)).toMatchObject({ targetId: 'alpha', outcome: 'aborted' });
    expect(router.health.state('alpha').inFlight).toBe(0);
  });

  it('carries usage and the time to first token into the record of a served stream', async () => {
    const { model, sink } = setup({ alpha: [{ text: 'hello there', usage: { input: 7, output: 2 } }] });
    const reader = (await model.doStream(call())).stream.getReader();
    while (!(await reader.read()).done) {}
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      outcome: 'success',
      usage: { inputTokens: 7, outputTokens: 2 },
      ttftMs: expect.any(Number),
    });
    expect(sink.records[0]?.totals.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it('is reported by close() while still open, and its record still comes when it ends', async () => {
    const { router, model, sink } = setup({
      alpha: [{ text: 'one two three four five six' }, { text: 'read to its end' }],
    });
    const reports: { source: string; origin: string; message: string }[] = [];
    router.on('error', (report) => reports.push(report));
    const finished = await collect((await model.doStream(call())).stream);
    expect(finished.at(-1)).toMatchObject({ type: 'finish' });
    // A caller that reads one part and stops, without cancelling.
    const reader = (await model.doStream(call())).stream.getReader();
    await reader.read();
    await router.close();
    expect(reports).toEqual([
      expect.objectContaining({
        source: 'close',
        origin: 'open streams',
        message: expect.stringMatching(
          /^router\.close\(\): 1 stream was still open; its decision record is written only when it ends/,
        ),
      }),
    ]);
    expect(sink.records).toHaveLength(1);
    await reader.cancel('stopped reading');
    expect(sink.records).toHaveLength(2);
    expect(sink.records[1]?.attempts.at(-1)).toMatchObject({ targetId: 'alpha', outcome: 'aborted' });
  });

  it('is not reported by close() once it ended, however it ended', async () => {
    const { router, model } = setup(
      {
        alpha: [
          { text: 'served' },
          { text: 'cancelled here' },
          { text: 'cut', streamErrorAfterWords: 1, error: new Error('reset') },
        ],
      },
      { midStream: 'error' },
    );
    const reports: unknown[] = [];
    router.on('error', (report) => reports.push(report));
    await collect((await model.doStream(call())).stream);
    const reader = (await model.doStream(call())).stream.getReader();
    await reader.read();
    await reader.cancel('done');
    expect((await collect((await model.doStream(call())).stream)).at(-1)).toMatchObject({ type: 'error' });
    await router.close();
    expect(reports).toEqual([]);
  });

  it('is not reported by close() once a continuation found no target, its request failed', async () => {
    const failing = [{ error: transient }];
    const { router, model, sink } = setup({
      alpha: [{ text: 'cut mid answer', streamErrorAfterWords: 1, error: transient }],
      beta: failing,
      gamma: failing,
      local: failing,
    });
    const reports: unknown[] = [];
    router.on('error', (report) => reports.push(report));
    const parts = await collect((await model.doStream(call())).stream);
    expect(parts.at(-1)).toMatchObject({ type: 'error' });
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]?.attempts.length).toBeGreaterThan(1);
    await router.close();
    expect(reports).toEqual([]);
  });
});
