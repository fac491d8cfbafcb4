import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

describe('closestName', () => {
  it('prefers a match that differs only in case', () => {
    expect(closestName('us', ['DE', 'US'])).toBe('US');
  });

  it('suggests the nearest name within a distance that grows with the length', () => {
    expect(closestName('regulted', ['internal', 'regulated'])).toBe('regulated');
    expect(closestName('weights2', ['weights', 'tags'])).toBe('weights');
    expect(closestName('random', ['priority', 'fastest'])).toBeUndefined();
  });

  it('suggests a short name written with two neighbouring letters swapped', () => {
    expect(closestName('gtp', ['gpt', 'claude', 'local'])).toBe('gpt');
    expect(closestName('lcoal', ['gpt', 'claude', 'local'])).toBe('local');
    expect(closestName('tpg', ['gpt'])).toBeUndefined();
  });

  it('suggests the one name that contains what was written', () => {
    expect(closestName('us-export-control', ['us-export-control-2026', 'eu-data-residency'])).toBe(
      'us-export-control-2026',
    );
  });

  it('does not guess for two-letter codes beyond case', () => {
    expect(closestName('XX', ['XK', 'DE'])).toBeUndefined();
  });

  it('reads a name pasted with an invisible character as the name a reader sees', () => {
    expect(closestName('pro\u200Bvider', ['id', 'provider'])).toBe('provider');
    expect(closestName('\u202Eprovider', ['id', 'provider'])).toBe('provider');
    expect(closestName('US\u200B', ['DE', 'US'])).toBe('US');
    expect(closestName('us\u00A0', ['DE', 'US'])).toBe('US');
    expect(closestName('de\u200B\u200B', ['DE', 'US'])).toBe('DE');
    expect(closestName('\u200B', ['DE', 'US'])).toBeUndefined();
  });

  it('reads the candidates once, so an iterator such as a map of names keys serves a pasted name too', () => {
    const names = new Map([
      ['DE', 1],
      ['US', 2],
    ]);
    expect(closestName('US\u200B', names.keys())).toBe('US');
    expect(closestName('DE\u200B', new Map([['DE\u200B', 1]]).keys())).toBeUndefined();
    expect(closestName('export-control', new Map([['us-export-control-2026', 1]]).keys())).toBe(
      'us-export-control-2026',
    );
  });

  it('suggests nothing for a name that is valid', () => {
    expect(closestName('US', ['US', 'us'])).toBeUndefined();
  });
});
