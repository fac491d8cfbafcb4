import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseAdapterSettings } from './parse-adapter-settings.js';

const schema = z.strictObject({
  /** Where. */
  baseURL: z.string().optional(),
  /** How many. */
  maxRetries: z.number().int().nonnegative().optional(),
});

describe('parseAdapterSettings', () => {
  it('returns valid settings, and none as none', () => {
    expect(parseAdapterSettings({ factory: 'createX', schema, settings: { baseURL: 'http://h' } })).toEqual({
      baseURL: 'http://h',
    });
    expect(parseAdapterSettings({ factory: 'createX', schema, settings: undefined })).toEqual({});
  });

  it('names every wrong setting, with the closest valid name', () => {
    expect(() =>
      parseAdapterSettings({ factory: 'createX', schema, settings: { baseUrl: 'http://h', maxRetries: -1 } }),
    ).toThrow(
      new TypeError(
        'createX: settings.maxRetries: too small: got number -1; expected a whole number, at least 0; settings.baseUrl: unknown key "baseUrl"; expected one of baseURL, maxRetries; did you mean "baseURL"?',
      ),
    );
  });

  it("names the adapter's setting for a name an official client uses (the ollama client's host)", () => {
    expect(() =>
      parseAdapterSettings({ factory: 'createOllama', schema, settings: { host: 'http://127.0.0.1:11434' } }),
    ).toThrow(
      new TypeError(
        'createOllama: settings.host: unknown key "host"; expected one of baseURL, maxRetries; did you mean "baseURL"?',
      ),
    );
  });

  it('suggests no client name the schema does not have', () => {
    const noBaseURL = z.strictObject({ maxRetries: z.number().optional() });
    expect(() =>
      parseAdapterSettings({ factory: 'createX', schema: noBaseURL, settings: { host: 'h' } }),
    ).toThrow(new TypeError('createX: settings.host: unknown key "host"; expected one of maxRetries'));
  });
});
