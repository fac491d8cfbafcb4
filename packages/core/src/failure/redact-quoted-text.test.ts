import { describe, expect, it } from 'vitest';
import { redactQuotedText } from './redact-quoted-text.js';

const prompt = 'Summarise the contract for Jane Doe, account 4411-2231, before Friday.';

describe('redactQuotedText', () => {
  it('replaces a quoted run of a source with one marker, keeping the rest of the message', () => {
    expect(redactQuotedText(`Invalid value for 'content': '${prompt}'`, [prompt])).toBe(
      "Invalid value for 'content': '[prompt text]'",
    );
  });

  it("replaces a truncated quote: the first 40 characters and '...'", () => {
    expect(redactQuotedText(`Invalid 'messages[0]': got '${prompt.slice(0, 40)}...'`, [prompt])).toBe(
      "Invalid 'messages[0]': got '[prompt text]...'",
    );
  });

  it('replaces each of several runs, from several sources', () => {
    const system = 'You are the billing assistant of Example Corp.';
    const message = `system '${system.slice(3, 30)}' and user '${prompt.slice(10, 50)}' conflict`;
    expect(redactQuotedText(message, [system, prompt])).toBe(
      "system '[prompt text]' and user '[prompt text]' conflict",
    );
  });

  it('leaves runs shorter than the minimum length: common words of a message stay', () => {
    const message = 'Invalid value: contract too long';
    expect(redactQuotedText(message, [prompt])).toBe(message);
    expect(redactQuotedText("got 'Jane Doe'", [prompt])).toBe("got 'Jane Doe'");
    expect(redactQuotedText("got 'Summarise the'", [prompt])).toBe("got '[prompt text]'");
    expect(redactQuotedText("got 'Summarise t'", [prompt])).toBe("got 'Summarise t'"); // 11 characters
    expect(redactQuotedText("got 'Summarise the'", [prompt], { minLength: 20 })).toBe("got 'Summarise the'");
  });

  it('compares whitespace runs as one space, and JSON escapes as what they stand for', () => {
    const source = 'first line\n\n   second "quoted" line é';
    expect(redactQuotedText('got first line second "quoted" line é!', [source])).toBe('got [prompt text]!');
    expect(
      redactQuotedText(String.raw`{"content":"first line\n\nsecond \"quoted\" line \u00e9"}`, [source]),
    ).toBe('{"content":"[prompt text]"}');
  });

  it('compares case and every other character exactly', () => {
    const source = 'Summarise the contract for Jane Doe before Friday';
    expect(redactQuotedText(`got '${source.toUpperCase()}'`, [source])).toBe(`got '${source.toUpperCase()}'`);
  });

  it('returns the message itself when no source is quoted, or there is no source', () => {
    const message = 'Rate limit reached for requests per minute';
    expect(redactQuotedText(message, [prompt])).toBe(message);
    expect(redactQuotedText(message, [])).toBe(message);
    expect(redactQuotedText('', [prompt])).toBe('');
  });

  it('never splits a surrogate pair', () => {
    const source = 'a note with a smile 😀😀 at its end';
    const result = redactQuotedText('x😀😀 at its end, and more', [source]);
    expect(result).toBe('x[prompt text], and more');
    expect(() => encodeURIComponent(result)).not.toThrow(); // it throws on a lone surrogate
  });

  it('finds a quote in a source of a megabyte, and a run repeated in the message', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(40_000);
    const source = `${filler}the secret clause number nine${filler}`;
    expect(
      redactQuotedText('got "the secret clause number nine" twice: the secret clause number nine', [source]),
    ).toBe(
      // The source has a space before the run: the message's is part of it.
      'got "[prompt text]" twice:[prompt text]',
    );
  });

  it('cuts a message longer than 16,384 characters before comparing it', () => {
    const result = redactQuotedText(`${'x'.repeat(20_000)} ${prompt}`, [prompt]);
    expect(result).toHaveLength(16_384);
    expect(result.endsWith('…')).toBe(true);
  });
});
