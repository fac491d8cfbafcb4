import { afterEach, describe, expect, it, vi } from 'vitest';
import { RouterEventBus } from './router-event-bus.js';

describe('RouterEventBus', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('calls listeners in order, tells whether anyone listens, and unsubscribes', () => {
    const bus = new RouterEventBus();
    const seen: string[] = [];
    expect(bus.has('fallback')).toBe(false);
    const off = bus.on('fallback', (event) => seen.push(`a:${event.to}`));
    bus.on('fallback', (event) => seen.push(`b:${event.to}`));
    bus.emit('fallback', { requestId: 'r', from: 'x', to: 'y' });
    off();
    bus.emit('fallback', { requestId: 'r', from: 'x', to: 'z' });
    expect(seen).toEqual(['a:y', 'b:y', 'b:z']);
  });

  it('never throws: a failing listener becomes an error event, and a failing error listener a warning', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const bus = new RouterEventBus();
    bus.on('fallback', () => {
      throw new Error('bug');
    });
    bus.on('error', () => {
      throw new Error('bug in the error listener');
    });
    expect(() => bus.emit('fallback', { requestId: 'r', from: 'x', to: 'y' })).not.toThrow();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(bus.unhandledErrors).toBe(1);
  });
  it('removes secrets from the message of an error event, whether a listener or a warning gets it', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const bus = new RouterEventBus();
    const leaky =
      'export to https://collector:s3cr3t-token@otel.example/v1 failed: Bearer sk-ant-api03-abcdefghijklmnop';
    bus.emit('error', { source: 'sink', origin: 'otel', message: leaky, error: new Error(leaky) });
    const seen: string[] = [];
    bus.on('error', (event) => seen.push(event.message));
    bus.on('fallback', () => {
      throw new Error(`key sk-proj-abcdefghijklmnopqrstuv rejected`);
    });
    bus.emit('error', { source: 'sink', origin: 'otel', message: leaky, error: new Error(leaky) });
    bus.emit('fallback', { requestId: 'r', from: 'x', to: 'y' });
    const said = [String(warn.mock.calls[0]?.[0]), ...seen];
    expect(said).toHaveLength(3);
    for (const message of said) {
      expect(message).not.toMatch(/s3cr3t|sk-ant-api03|sk-proj-abc/);
    }
    expect(seen[0]).toContain('otel.example/v1 failed');
  });

  it('gives each source of an unheard error event its own warning code', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const bus = new RouterEventBus();
    for (const source of ['sink', 'budget', 'close', 'listener'] as const)
      bus.emit('error', { source, origin: 'o', message: `from ${source}`, error: undefined });
    expect(warn.mock.calls.map((args) => (args[1] as { code: string }).code)).toEqual([
      'SWITCHYARD_SINK_WRITE_FAILED',
      'SWITCHYARD_BUDGET_RECONCILE_FAILED',
      'SWITCHYARD_STREAMS_OPEN_AT_CLOSE',
      'SWITCHYARD_LISTENER_FAILED',
    ]);
  });
});
