import { describe, expect, it } from 'vitest';
import { malformedLineLimit, malformedStreamFailure } from './malformed-stream-failure.js';

describe('malformedStreamFailure', () => {
  it('is a transient failure naming the offending line', () => {
    expect(
      malformedStreamFailure({
        line: 'data: {"id": "chatcmpl-1", "choices": [{"delta": {"content": ',
        detail: 'Unexpected end of JSON input',
      }),
    ).toEqual({
      kind: 'transient',
      code: 'malformed_stream',
      message:
        'malformed stream data (Unexpected end of JSON input): data: {"id": "chatcmpl-1", "choices": [{"delta": {"content": ',
    });
  });

  it('keeps the shape but not the text of output fields, and no secrets', () => {
    const { message } = malformedStreamFailure({
      line: 'data: {"delta": {"content": "the patient\'s record", "key": "sk-abcdef123456"',
    });
    expect(message).toBe(
      'malformed stream data: data: {"delta": {"content": "[20 characters]", "key": "[redacted key]"',
    );
  });

  it(`cuts a long line to ${malformedLineLimit} characters, saying how long it was`, () => {
    const { message } = malformedStreamFailure({ line: `data: ${'x'.repeat(1_000)}` });
    expect(message).toContain('... (1006 characters)');
    expect(message.length).toBeLessThan(malformedLineLimit + 60);
  });

  it('says what it can without the line', () => {
    expect(malformedStreamFailure({ detail: 'bad chunk' }).message).toBe('malformed stream data (bad chunk)');
  });

  it("adds the parser's words without its quote of the input", () => {
    let error: unknown;
    try {
      JSON.parse('{"content": xx the secret answer}');
    } catch (thrown) {
      error = thrown;
    }
    const { message } = malformedStreamFailure({ detail: 'event 3 is not JSON', error });
    expect(message).toBe("malformed stream data (event 3 is not JSON: Unexpected token 'x': not valid JSON)");
    expect(message).not.toContain('secret');
  });

  it('says where the JSON text broke in its own words, the same on every Node version, not the parser ones', () => {
    const json = '{"content": "the secret answer", "n": 1,}';
    let error: unknown;
    try {
      JSON.parse(json);
    } catch (thrown) {
      error = thrown;
    }
    const { message } = malformedStreamFailure({
      line: `data: ${json}`,
      detail: 'event 3 is not JSON',
      json,
      error,
    });
    // V8 says "Expected double-quoted property name in JSON at position 40", with "(line 1 column 41)" in Node 24, not in Node 20.
    expect(message).toBe(
      'malformed stream data (event 3 is not JSON: at column 41: expected a property name in double quotes, found "}"): data: {"content": "[17 characters]", "n": 1,}',
    );
    expect(message).not.toContain('secret');
  });
});
