import type { LanguageModelV4 } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { inMemoryModel } from '../testing/in-memory-model.js';
import type { PlannedRequest } from '../workload/create-workload.js';
import type { InFlightStarts } from './in-flight-starts.js';
import { sendWorkload, type WorkloadCounts } from './send-workload.js';

const planned = (count: number): PlannedRequest[] =>
  Array.from({ length: count }, (_, index) => ({
    index,
    offsetMs: undefined,
    context: { jurisdiction: 'US' },
    stream: false,
    tools: false,
    promptTokens: 3,
    outputTokens: 5,
  }));

/** A closed loop sending `requests` to an in-memory model (or `model`), `concurrency` at a time. */
function closedLoop(options: {
  requests: number;
  concurrency: number;
  stopped?: boolean;
  model?: LanguageModelV4;
  inFlightStarts?: InFlightStarts;
}) {
  const counts: WorkloadCounts = { sent: 0, served: 0, failed: 0, failures: {}, lost: 0, inFlight: 0 };
  const checks = { isStopped: 0 };
  const lostExamples: string[] = [];
  const controllers = new Set<AbortController>();
  const inMemory = inMemoryModel({ provider: 'openai', modelId: 'm' });
  const done = sendWorkload({
    model: options.model ?? inMemory,
    requests: planned(options.requests)[Symbol.iterator](),
    loop: { rate: false, concurrency: options.concurrency },
    elapsedMs: () => 0,
    timeScale: 1,
    counts,
    lostExamples,
    controllers,
    isStopped: () => {
      checks.isStopped++;
      return options.stopped === true;
    },
    beforeSend: () => {},
    onWake: () => {},
    ...(options.inFlightStarts ? { inFlightStarts: options.inFlightStarts } : {}),
  });
  return { done, counts, checks, model: inMemory, lostExamples, controllers };
}

describe('sendWorkload', () => {
  describe('closed loop', () => {
    it('starts no more workers than there are requests, however high the concurrency', async () => {
      const { done, counts, checks, model } = closedLoop({ requests: 3, concurrency: 1_000_000 });
      await done;
      expect(counts).toMatchObject({ sent: 3, served: 3, inFlight: 0 });
      expect(model.calls.count).toBe(3);
      // Each of the 3 workers checks before each request and once more at the end; the loop that starts them, 3 times.
      expect(checks.isStopped).toBeLessThan(20);
    });

    it('sends nothing and resolves when stopped before it starts', async () => {
      const { done, counts } = closedLoop({ requests: 3, concurrency: 1_000_000, stopped: true });
      await done;
      expect(counts.sent).toBe(0);
    });

    it('counts a send that throws before its call as lost, and still resolves', async () => {
      const inFlightStarts = {
        begin: () => {
          throw new Error('no room to note the start');
        },
        end: () => {},
      } as unknown as InFlightStarts;
      const { done, counts, lostExamples } = closedLoop({ requests: 2, concurrency: 2, inFlightStarts });
      await done;
      expect(counts).toMatchObject({ sent: 2, served: 0, lost: 2, inFlight: 0 });
      expect(lostExamples).toEqual(['no room to note the start', 'no room to note the start']);
    });

    it('counts a call the drill aborted as a typed failure, not as lost, whatever it rejects with', async () => {
      // As a stream read does: the call rejects with the abort's own reason, not a SwitchyardError.
      const model = {
        doGenerate: (call: { abortSignal: AbortSignal }) =>
          new Promise((_, reject) =>
            call.abortSignal.addEventListener('abort', () => reject(call.abortSignal.reason)),
          ),
      } as unknown as LanguageModelV4;
      const { done, counts, lostExamples, controllers } = closedLoop({ requests: 2, concurrency: 2, model });
      await new Promise((resolve) => setImmediate(resolve));
      expect(counts.inFlight).toBe(2);
      for (const controller of controllers) controller.abort(new Error('drill stopped: signal'));
      await done;
      expect(counts).toMatchObject({ sent: 2, served: 0, failed: 2, lost: 0, inFlight: 0 });
      expect(counts.failures).toEqual({
        SWITCHYARD_ABORTED: { count: 2, example: 'aborted when the drill stopped: drill stopped: signal' },
      });
      expect(lostExamples).toEqual([]);
    });

    it('sends every request with fewer workers than requests', async () => {
      const { done, counts } = closedLoop({ requests: 7, concurrency: 2 });
      await done;
      expect(counts).toMatchObject({ sent: 7, served: 7, inFlight: 0 });
    });
  });

  describe('open loop', () => {
    it('resolves only once every request in flight has settled', async () => {
      const answers: (() => void)[] = [];
      const model = {
        doGenerate: () =>
          new Promise((resolve) => answers.push(() => resolve({ content: [], finishReason: 'stop' }))),
      } as unknown as LanguageModelV4;
      const counts: WorkloadCounts = { sent: 0, served: 0, failed: 0, failures: {}, lost: 0, inFlight: 0 };
      let settled = false;
      const done = sendWorkload({
        model,
        requests: planned(2)[Symbol.iterator](),
        loop: { rate: true },
        elapsedMs: () => 0,
        timeScale: 1,
        counts,
        lostExamples: [],
        controllers: new Set(),
        isStopped: () => false,
        beforeSend: () => {},
        onWake: () => {},
      }).then(() => {
        settled = true;
      });
      // Both are sent at once (offset 0); the sending ends there, the calls do not.
      await new Promise((resolve) => setImmediate(resolve));
      expect(counts).toMatchObject({ sent: 2, inFlight: 2 });
      answers[1]?.();
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(false);
      answers[0]?.();
      await done;
      expect(counts).toMatchObject({ sent: 2, served: 2, inFlight: 0 });
    });
  });
});
