import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseNumberOption, parseRedisUrl } from './option-values.js';

describe('parseNumberOption', () => {
  it('reads a number within its bounds', () => {
    expect(parseNumberOption('--port', { integer: true, max: 65_535 })('8080')).toBe(8080);
    expect(parseNumberOption('--time-scale', { above: 0 })('0.5')).toBe(0.5);
    expect(parseNumberOption('--tokens-per-second', { min: 0.001 })('0.001')).toBe(0.001);
    expect(parseNumberOption('--first-token-ms')('0')).toBe(0);
  });

  it.each([
    [
      '--seed',
      { integer: true, max: 4_294_967_295 },
      '1.5',
      '--seed must be an integer from 0 to 4294967295; got "1.5".',
    ],
    [
      '--port',
      { integer: true, max: 65_535 },
      '99999',
      '--port must be an integer from 0 to 65535; got "99999".',
    ],
    ['--max-spend', { above: 0 }, '0', '--max-spend must be a finite number > 0; got "0".'],
    [
      '--time-scale',
      { above: 0, max: 10_000 },
      '20000',
      '--time-scale must be a finite number > 0 and at most 10000; got "20000".',
    ],
    [
      '--time-scale',
      { above: 0, max: 10_000 },
      '0',
      '--time-scale must be a finite number > 0 and at most 10000; got "0".',
    ],
    ['--timeout', { integer: true, above: 0 }, '-5', '--timeout must be an integer > 0; got "-5".'],
    ['--workers', { integer: true, min: 1 }, '0', '--workers must be an integer >= 1; got "0".'],
    ['--first-token-ms', {}, '', '--first-token-ms must be a finite number >= 0; got "".'],
    ['--first-token-ms', {}, 'Infinity', '--first-token-ms must be a finite number >= 0; got "Infinity".'],
    [
      '--tokens-per-second',
      { min: 0.001 },
      'abc',
      '--tokens-per-second must be a finite number >= 0.001; got "abc".',
    ],
  ] as const)('refuses %s %j given %j, naming the option and its range', (name, bounds, value, message) => {
    const parse = parseNumberOption(name, bounds);
    expect(() => parse(value)).toThrow(InvalidArgumentError);
    expect(() => parse(value)).toThrow(message);
  });
});

describe('parseRedisUrl', () => {
  it('takes redis:// and rediss:// URLs with a host and refuses the rest with an example', () => {
    expect(parseRedisUrl('rediss://cache.internal:6380')).toBe('rediss://cache.internal:6380');
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(
      'expected a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379',
    );
    expect(() => parseRedisUrl('redis:///0')).toThrow(InvalidArgumentError);
  });
});
