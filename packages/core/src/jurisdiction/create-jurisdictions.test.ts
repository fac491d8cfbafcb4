import { describe, expect, it } from 'vitest';
import { isCountryCode } from './country-codes.js';
import { createJurisdictions } from './create-jurisdictions.js';
import { JurisdictionError } from './jurisdiction-error.js';

describe('isCountryCode', () => {
  it('accepts ISO 3166-1 alpha-2 codes and rejects groups, lower case and made-up codes', () => {
    expect(isCountryCode('DE')).toBe(true);
    expect(isCountryCode('CN')).toBe(true);
    expect(isCountryCode('EU')).toBe(false);
    expect(isCountryCode('de')).toBe(false);
    expect(isCountryCode('XX')).toBe(false);
  });
});

describe('createJurisdictions', () => {
  describe('expand', () => {
    it('expands the built-in EU to its 27 members and EEA to EU plus IS, LI, NO', () => {
      const jurisdictions = createJurisdictions();
      expect(jurisdictions.expand('EU').size).toBe(27);
      expect(jurisdictions.expand('EEA').size).toBe(30);
      expect(jurisdictions.expand('EEA').has('NO')).toBe(true);
      expect(jurisdictions.expand('EU').has('NO')).toBe(false);
    });

    it('expands nested user groups', () => {
      const jurisdictions = createJurisdictions({
        groups: { DACH: ['DE', 'AT', 'CH'], EUROPE_PLUS: ['EEA', 'DACH', 'GB'] },
      });
      const europe = jurisdictions.expand('EUROPE_PLUS');
      expect(europe.has('CH')).toBe(true);
      expect(europe.has('GB')).toBe(true);
      expect(europe.has('IS')).toBe(true);
      expect(europe.has('US')).toBe(false);
    });

    it('throws naming the code when it is unknown', () => {
      expect(() => createJurisdictions().expand('XX')).toThrow(/unknown jurisdiction "XX"/);
    });
  });

  describe('contains', () => {
    it('answers membership for groups and identity for countries', () => {
      const jurisdictions = createJurisdictions();
      expect(jurisdictions.contains('EU', 'FR')).toBe(true);
      expect(jurisdictions.contains('EU', 'CH')).toBe(false);
      expect(jurisdictions.contains('US', 'US')).toBe(true);
    });
  });

  describe('group definitions', () => {
    it('rejects a group that contains itself, naming the cycle', () => {
      expect(() => createJurisdictions({ groups: { A: ['B'], B: ['A'] } })).toThrow(
        /A -> B -> A|B -> A -> B/,
      );
    });

    it('rejects an unknown member', () => {
      const attempt = () => createJurisdictions({ groups: { NORDIC: ['SE', 'XY'] } });
      expect(attempt).toThrow(JurisdictionError);
      expect(attempt).toThrow(/"XY", which is neither/);
    });

    it('rejects a group that shadows a country code', () => {
      expect(() => createJurisdictions({ groups: { DE: ['AT'] } })).toThrow(/shadows a country code/);
    });

    it('rejects a group named after the self and unknown markers, with code JURISDICTION_UNKNOWN', () => {
      expect(() => createJurisdictions({ groups: { self: ['DE'] } })).toThrow(
        /shadows the self-hosted marker/,
      );
      expect(() => createJurisdictions({ groups: { unknown: ['DE'] } })).toThrow(
        /shadows the unknown-caller marker/,
      );
      try {
        createJurisdictions({ groups: { unknown: ['DE'] } });
      } catch (error) {
        expect(JurisdictionError.isInstance(error) && error.code).toBe('SWITCHYARD_JURISDICTION_UNKNOWN');
      }
      expect.assertions(3);
    });
  });
});
