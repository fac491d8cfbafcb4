import { describe, expect, it } from 'vitest';
import { virtualDate } from './virtual-date.js';

const at = Date.parse('2026-06-25T09:00:00Z');

describe('virtualDate', () => {
  const VirtualDate = virtualDate(() => at);

  it('reads the virtual present for new Date(), Date() and Date.now()', () => {
    expect(new VirtualDate().toISOString()).toBe('2026-06-25T09:00:00.000Z');
    expect((VirtualDate as unknown as () => string)()).toBe(new Date(at).toString());
    expect(VirtualDate.now()).toBe(at);
  });

  it('is the native Date for every explicit value', () => {
    expect(new VirtualDate(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new VirtualDate('2026-01-02T03:04:05Z').getTime()).toBe(Date.parse('2026-01-02T03:04:05Z'));
    expect(new VirtualDate(2026, 0).getTime()).toBe(new Date(2026, 0).getTime());
    expect(new VirtualDate(2026, 0, 2, 3, 4, 5, 6).getTime()).toBe(
      new Date(2026, 0, 2, 3, 4, 5, 6).getTime(),
    );
    expect(VirtualDate.parse('2026-06-25T09:00:00Z')).toBe(at);
    expect(VirtualDate.UTC(2026, 5, 25, 9)).toBe(at);
  });

  it('makes native dates: instanceof holds either way, the constructor is the native Date', () => {
    const date = new VirtualDate(at);
    expect(date).toBeInstanceOf(Date);
    expect(new Date(at)).toBeInstanceOf(VirtualDate);
    expect(date.constructor).toBe(Date);
    expect(VirtualDate.toString()).toBe(Date.toString());
  });

  it('gives a subclass instances of its own class, at the virtual present when given nothing', () => {
    class Stamp extends VirtualDate {
      label(): string {
        return `at ${this.toISOString()}`;
      }
    }
    expect(new Stamp().label()).toBe('at 2026-06-25T09:00:00.000Z');
    expect(new Stamp(0)).toBeInstanceOf(Stamp);
  });
});
