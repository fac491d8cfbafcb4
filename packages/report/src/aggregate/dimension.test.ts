import { describe, expect, it } from 'vitest';
import { ReportInputError } from '../errors/report-input-error.js';
import { parseDimensions } from './dimension.js';

function refusal(text: string): string {
  try {
    parseDimensions(text);
  } catch (error) {
    if (ReportInputError.isInstance(error)) return error.message;
    throw error;
  }
  throw new Error('expected a ReportInputError');
}

describe('parseDimensions', () => {
  it('reads a list with aliases, blank entries skipped and repeats once', () => {
    expect(parseDimensions('provider, data-class,,provider,bucket')).toEqual([
      'provider',
      'dataClass',
      'time',
    ]);
  });

  it('refuses a list that names no dimension, naming --by and the dimensions', () => {
    for (const text of ['', ' ', ',', ' , '])
      expect(refusal(text)).toBe(
        `--by: ${JSON.stringify(text)} names no dimension; use any of provider, target, route, jurisdiction, dataClass, tenant, time`,
      );
  });

  it('refuses an unknown dimension with the closest known one', () => {
    expect(refusal('provider,jurisdicton')).toBe(
      '--by: unknown dimension "jurisdicton"; use any of provider, target, route, jurisdiction, dataClass, tenant, time; did you mean "jurisdiction"?',
    );
  });
});
