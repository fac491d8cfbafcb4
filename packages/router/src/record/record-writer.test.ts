import type { DecisionSink } from '@switchyard/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SinkWriteError } from '../errors/sink-write-error.js';
import { jsonlSink } from '../sinks/jsonl-sink.js';
import { call, setup } from '../test-fixtures/router-harness.js';

const throwing: DecisionSink = {
  name: 'broken',
  write() {
    throw new Error('disk on fire');
  },
};

describe('RecordWriter (through the router)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('turns a sink that throws into an error event and a counter; the request is served', async () => {
    const { router, model } = setup({ alpha: [{ text: 'ok' }] }, { sinks: [throwing] });
    const errors: unknown[] = [];
    router.on('error', (event) => errors.push(event));
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
    expect(errors).toEqual([
      expect.objectContaining({ source: 'sink', origin: 'broken', message: 'broken: disk on fire' }),
    ]);
    expect(router.sinks).toEqual({ records: 1, errors: 1 });
  });

  it('names the sink once in the message when its error already starts with its name', async () => {
    const named: DecisionSink = {
      name: 'jsonl /dev/full',
      write() {
        throw new Error('jsonl /dev/full: 1 decision record was not written');
      },
    };
    const { router, model } = setup({ alpha: [{ text: 'ok' }] }, { sinks: [named] });
    const messages: string[] = [];
    router.on('error', (event) => messages.push(event.message));
    await model.doGenerate(call());
    expect(messages).toEqual(['jsonl /dev/full: 1 decision record was not written']);
  });

  it('emits a process warning when nothing listens to error, and never throws in the host', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { model } = setup({ alpha: [{ text: 'ok' }] }, { sinks: [throwing] });
    await model.doGenerate(call());
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('broken: disk on fire'),
      expect.objectContaining({ code: 'SWITCHYARD_SINK_WRITE_FAILED' }),
    );
  });

  it('reports a listener that throws as an error event, never to the request', async () => {
    const { router, model } = setup({ alpha: [{ text: 'ok' }] });
    const errors: unknown[] = [];
    router.on('request-end', () => {
      throw new Error('listener bug');
    });
    router.on('error', (event) => errors.push(event));
    expect((await model.doGenerate(call())).providerMetadata?.switchyard?.servedBy).toBe('alpha');
    expect(errors).toEqual([expect.objectContaining({ source: 'listener', origin: 'request-end' })]);
  });

  it('makes router.close() reject with how many records a sink could not write (a full disk)', async () => {
    const sink = jsonlSink({ path: '/dev/full' });
    const { router, model } = setup({ alpha: [{ text: 'one' }, { text: 'two' }] }, { sinks: [sink] });
    const errors: unknown[] = [];
    router.on('error', (event) => errors.push(event));
    await model.doGenerate(call());
    await model.doGenerate(call());
    const closing = await router.close().catch((error: unknown) => error);
    expect(SinkWriteError.isInstance(closing)).toBe(true);
    expect((closing as SinkWriteError).notWritten).toBe(2);
    expect((closing as Error).message).toContain('jsonl /dev/full: 2 decision records were not written');
    expect(errors).toHaveLength(1);
  });

  it('makes router.close() say that a sink’s close failed, not that 0 records were not written', async () => {
    const failing: DecisionSink = {
      name: 'warehouse',
      write() {},
      async close() {
        throw new Error('connection reset');
      },
    };
    const { router, model } = setup({ alpha: [{ text: 'one' }] }, { sinks: [failing] });
    await model.doGenerate(call());
    const closing = await router.close().catch((error: unknown) => error);
    expect(SinkWriteError.isInstance(closing)).toBe(true);
    expect((closing as Error).message).toBe(
      'warehouse: the close of warehouse failed, so the decision records given to it may not all be stored (it did not say how many were lost): connection reset',
    );
  });

  it('names the sinks whose close failed beside the count of another’s unwritten records', async () => {
    const failing: DecisionSink = {
      name: 'warehouse',
      write() {},
      async close() {
        throw new Error('connection reset');
      },
    };
    const full = jsonlSink({ path: '/dev/full' });
    const { router, model } = setup({ alpha: [{ text: 'one' }] }, { sinks: [full, failing] });
    await model.doGenerate(call());
    const closing = await router.close().catch((error: unknown) => error);
    expect((closing as Error).message).toBe(
      'jsonl /dev/full, warehouse: 1 decision record was not written; and the close of warehouse failed, so the decision records given to it may not all be stored (it did not say how many were lost): several sinks failed',
    );
  });
});
