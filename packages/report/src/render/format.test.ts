import { describe, expect, it } from 'vitest';
import { formatOffset, formatPoints, formatSigned, formatUsd } from './format.js';

describe('formatUsd', () => {
  it('never prints float noise', () => {
    expect(formatUsd(0.1 + 0.2 - 0.3)).toBe('$0');
    expect(formatUsd(-5.551115123125783e-17)).toBe('$0');
    expect(formatUsd(0.0123)).toBe('$0.0123');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(-0.5)).toBe('-$0.5');
  });
});

describe('formatSigned', () => {
  it('prints a delta that rounds to zero as ±0, whatever its float sign', () => {
    expect(formatSigned(-5.551115123125783e-17, formatUsd)).toBe('±$0');
    expect(formatSigned(0.0001, (value) => `${value.toFixed(1)} ms`)).toBe('±0.0 ms');
    expect(formatSigned(0.12, formatUsd)).toBe('+$0.12');
    expect(formatSigned(-3, (value) => `${value.toFixed(1)} ms`)).toBe('-3.0 ms');
  });

  it('never prints -0: a small negative delta that rounds to zero is ±0, whatever the format', () => {
    const points = (value: number) => `${(value * 100).toFixed(1)} pp`;
    expect(formatSigned(-0.0004, points)).toBe('±0.0 pp');
    expect(formatSigned(-0.00003, (value) => `$${value.toFixed(4)}`)).toBe('±$0.0000');
    expect(formatSigned(-0.25, points)).toBe('-25.0 pp');
  });
});

describe('formatPoints', () => {
  it('prints a share that moved by less than 0.05 pp as ±0.0 pp, never -0.0 pp', () => {
    // 2,499 of 2,500 served against 2,500 of 2,500: -0.04 pp.
    expect(formatPoints(2499 / 2500 - 1)).toBe('±0.0 pp');
    expect(formatPoints(0.0004)).toBe('±0.0 pp');
    expect(formatPoints(-0.125)).toBe('-12.5 pp');
    expect(formatPoints(0.125)).toBe('+12.5 pp');
  });
});

describe('formatOffset', () => {
  it('writes offsets from the start as the terminal summary does', () => {
    expect([0, 250, 45_000, 60_000, 90_000, 3_930_000, -5_000].map(formatOffset)).toEqual([
      '+0s',
      '+250ms',
      '+45s',
      '+1m',
      '+1m30s',
      '+1h5m30s',
      '-5s',
    ]);
  });

  it('keeps a tenth of a second below an hour, so an event at +7.5 s and a request at +8.4 s read apart', () => {
    expect(
      [7_500, 8_400, 15_400, 999.6, 62_449, 59_960, 90_050, 3_599_960, 3_600_400].map(formatOffset),
    ).toEqual(['+7.5s', '+8.4s', '+15.4s', '+1s', '+1m2.4s', '+1m', '+1m30.1s', '+1h', '+1h']);
  });

  it('writes days and hours as such (a drill of days reads +30d, not +720h)', () => {
    expect([30 * 86_400_000, 86_400_000 + 3_600_000 + 1_000, 1e16].map(formatOffset)).toEqual([
      '+30d',
      '+1d1h1s',
      '+115740741d',
    ]);
  });
});
