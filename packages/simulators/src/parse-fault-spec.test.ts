import { describe, expect, it } from 'vitest';
import { parseFaultSpec } from './parse-fault-spec.js';

describe('parseFaultSpec', () => {
  describe('parseFaultSpec()', () => {
    it('parses a bare type', () => {
      expect(parseFaultSpec('region_block')).toEqual({ fault: { type: 'region_block' } });
    });

    it('parses a legal block for some callers of some models', () => {
      expect(parseFaultSpec('legal_block:gpt-*:cn,RU')).toEqual({
        fault: { type: 'legal_block' },
        model: 'gpt-*',
        callers: ['CN', 'RU'],
      });
    });

    it('parses the entity implementing a legal block, in angle brackets since a URL has colons', () => {
      expect(parseFaultSpec('legal_block=<https://blocker.example:8443/orders/7>:gpt-*:cn')).toEqual({
        fault: { type: 'legal_block', blockedBy: 'https://blocker.example:8443/orders/7' },
        model: 'gpt-*',
        callers: ['CN'],
      });
      expect(parseFaultSpec('legal_block=<https://blocker.example/>')).toEqual({
        fault: { type: 'legal_block', blockedBy: 'https://blocker.example/' },
      });
    });

    it('refuses a blocked-by that is not an absolute http URL, saying what was found and expected', () => {
      expect(() => parseFaultSpec('legal_block=<blocker.example>')).toThrow(
        'Fault "legal_block=<blocker.example>": legal_block=<URL> names the entity implementing the block (RFC 7725 Link rel="blocked-by"); got text that is not an absolute URL (no scheme such as https://); expected an absolute http or https URL, e.g. legal_block=<https://blocker.example/>.',
      );
      expect(() => parseFaultSpec('legal_block=<ftp://blocker.example/>')).toThrow(
        'got a ftp URL, not http or https',
      );
      expect(() => parseFaultSpec('legal_block=<https://user:secret@blocker.example/>')).toThrow(
        'got a URL with a user name or password',
      );
      expect(() => parseFaultSpec('legal_block=https://blocker.example/')).toThrow(
        'Fault "legal_block=https://blocker.example/": legal_block takes a URL in angle brackets, =<URL> (it names the entity implementing the block); e.g. legal_block=<https://blocker.example/>.',
      );
      expect(() => parseFaultSpec('legal_block=<https://blocker.example/>x')).toThrow(
        'expected ":" or nothing after legal_block=<URL>',
      );
    });

    it('parses a value, a model glob and callers', () => {
      expect(parseFaultSpec('server_error=503:gpt-*:cn, ru')).toEqual({
        fault: { type: 'server_error', status: 503 },
        model: 'gpt-*',
        callers: ['CN', 'RU'],
      });
      expect(parseFaultSpec('stream_cut=3::DE')).toEqual({
        fault: { type: 'stream_cut', afterChunks: 3 },
        callers: ['DE'],
      });
      expect(parseFaultSpec('rate_limited=2:*')).toEqual({
        fault: { type: 'rate_limited', retryAfterSeconds: 2 },
      });
    });

    it('reads the earlier spelling rate_limit as rate_limited', () => {
      expect(parseFaultSpec('rate_limit=2')).toEqual({
        fault: { type: 'rate_limited', retryAfterSeconds: 2 },
      });
      expect(() => parseFaultSpec('constructor')).toThrow('unknown type "constructor"');
    });

    it('rejects unknown types, missing or bad values and extra parts with what to write', () => {
      expect(() => parseFaultSpec('ban')).toThrow(/unknown type "ban"; expected one of region_block/);
      expect(() => parseFaultSpec('latency')).toThrow('needs =<extraMs>');
      expect(() => parseFaultSpec('region_block=1')).toThrow('takes no =value');
      expect(() => parseFaultSpec('stream_cut=x')).toThrow('must be a number >= 0');
      expect(() => parseFaultSpec('server_error=418')).toThrow('500, 502, 503, 529');
      expect(() => parseFaultSpec('a:b:c:d')).toThrow('expected type[=value][:model[:callers]]');
    });

    it('refuses a fractional retry-after or chunk count, which no provider sends, with the nearest whole one', () => {
      expect(() => parseFaultSpec('rate_limited=1.5')).toThrow(
        'Fault "rate_limited=1.5": rate_limited=1.5 must be a whole number >= 0 (retryAfterSeconds: retry-after is whole seconds); did you mean rate_limited=2?',
      );
      expect(() => parseFaultSpec('stream_cut=2.5:gpt-*')).toThrow(
        'stream_cut=2.5 must be a whole number >= 0 (afterChunks: a count of chunks); did you mean stream_cut=3?',
      );
      expect(() => parseFaultSpec('stream_stall=0.4')).toThrow('did you mean stream_stall=0?');
      expect(() => parseFaultSpec('malformed_chunk=1.2')).toThrow('must be a whole number >= 0');
      expect(parseFaultSpec('slow_first_token=12.5').fault).toEqual({
        type: 'slow_first_token',
        delayMs: 12.5,
      });
    });

    it('names the nearest server_error status for one it does not send', () => {
      expect(() => parseFaultSpec('server_error=504')).toThrow(
        'server_error status must be one of 500, 502, 503, 529; did you mean server_error=503?',
      );
    });
  });
});
