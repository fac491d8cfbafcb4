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
});
