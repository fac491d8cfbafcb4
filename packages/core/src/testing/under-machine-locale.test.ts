import { describe, expect, it } from 'vitest';
import { underMachineLocale } from './under-machine-locale.js';

describe('underMachineLocale', () => {
  it('orders localeCompare without a locale by the given one, and puts it back afterwards', () => {
    const order = () => ['tau', 'zeta'].sort((a, b) => a.localeCompare(b));
    expect(underMachineLocale('et', order)).toEqual(['zeta', 'tau']);
    expect(underMachineLocale('et', () => 'z'.localeCompare('t', 'en'))).toBeGreaterThan(0);
    expect(order()).toEqual(['tau', 'zeta']);
  });

  it('puts localeCompare back when run throws', () => {
    expect(() =>
      underMachineLocale('et', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect('z'.localeCompare('t')).toBeGreaterThan(0);
  });
});

describe('underMachineLocale with a promise', () => {
  it('holds the locale until the promise settles', async () => {
    const order = async () => {
      await Promise.resolve();
      return ['tau', 'zeta'].sort((a, b) => a.localeCompare(b));
    };
    expect(await underMachineLocale('et', order)).toEqual(['zeta', 'tau']);
    expect('z'.localeCompare('t')).toBeGreaterThan(0);
  });
});
