import type { DecisionRecord, DecisionSink } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { SinkWriteError } from './errors/sink-write-error.js';
import { memorySink } from './sinks/memory-sink.js';
import { call, setup } from './test-fixtures/router-harness.js';

/** A value `String()` cannot convert: thrown by code that builds errors from prototype-less dictionaries. */
const unprintable = () => Object.create(null) as object;

function errorMessages(router: ReturnType<typeof setup>['router']): string[] {
  const messages: string[] = [];
  router.on('error', (report) => messages.push(report.message));
  return messages;
}

describe('values thrown that cannot be made a string', () => {
  it('a beforeAttempt hook that throws one declines that attempt; the request is served', async () => {
    const { model, sink } = setup(
      { beta: [{ text: 'served' }] },
      {
        attemptHooks: [
          {
            beforeAttempt: (info) => {
              if (info.targetId === 'alpha') throw unprintable();
              return undefined;
            },
          },
        ],
      },
    );
    await model.doGenerate(call());
    expect(sink.records[0]?.servedBy).toBe('beta');
    expect(sink.records[0]?.skipped[0]).toMatchObject({
      targetId: 'alpha',
      reason: 'declined',
      detail: 'a beforeAttempt hook threw: [object Object]',
    });
  });

  it('an afterAttempt hook or a listener that throws one is an error event; the answer is served', async () => {
    const { router, model, sink } = setup(
      { alpha: [{ text: 'served' }] },
      {
        attemptHooks: [
          {
            afterAttempt: () => {
              throw unprintable();
            },
          },
        ],
      },
    );
    router.on('request-end', () => {
      throw unprintable();
    });
    const messages = errorMessages(router);
    const result = await model.doGenerate(call());
    expect(result.content).toEqual([{ type: 'text', text: 'served' }]);
    expect(sink.records).toHaveLength(1);
    expect(messages).toEqual([
      'an afterAttempt hook threw: [object Object]',
      'a listener of "request-end" threw: [object Object]',
    ]);
  });

  it('a model that throws one fails that attempt, recorded; the next target serves', async () => {
    const { model, sink } = setup({ alpha: [{ error: unprintable() }], beta: [{ text: 'served' }] });
    await model.doGenerate(call());
    expect(sink.records[0]?.servedBy).toBe('beta');
    expect(sink.records[0]?.attempts[0]).toMatchObject({
      targetId: 'alpha',
      outcome: 'failure',
      message: '[object Object]',
    });
  });

  it('a sink whose write throws one is an error event; the other sinks still get the record', async () => {
    const bad: DecisionSink = {
      name: 'bad',
      write: () => {
        throw unprintable();
      },
    };
    const good = memorySink();
    const { router, model } = setup({ alpha: [{ text: 'served' }] }, { sinks: [bad, good] });
    const messages = errorMessages(router);
    await model.doGenerate(call());
    expect(good.records).toHaveLength(1);
    expect(messages).toEqual(['bad: [object Object]']);
  });
});

describe('router.close() with a sink whose close throws at once', () => {
  it('still closes every other sink, then rejects with a SinkWriteError naming the one that failed', async () => {
    const closed: string[] = [];
    const written: DecisionRecord[] = [];
    const bad: DecisionSink = {
      name: 'bad',
      write: () => {},
      close: () => {
        throw unprintable();
      },
    };
    const good: DecisionSink = {
      name: 'good',
      write: (record) => {
        written.push(record);
      },
      close: async () => {
        closed.push('good');
      },
    };
    const { router, model } = setup({ alpha: [{ text: 'served' }] }, { sinks: [bad, good] });
    await model.doGenerate(call());
    const error = await router.close().catch((caught: unknown) => caught);
    expect(closed).toEqual(['good']);
    expect(written).toHaveLength(1);
    expect(SinkWriteError.isInstance(error)).toBe(true);
    expect((error as SinkWriteError).message).toContain('bad');
  });
});
