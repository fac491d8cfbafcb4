import { describe, expect, it } from 'vitest';
import { blockedByLink, blockedByOf, blockedByProblem, withBlockedBy } from './blocked-by.js';
import { classifyResponseFailure } from './classify-response-failure.js';

describe('blockedByOf', () => {
  it('reads the target of a Link rel="blocked-by" (RFC 7725), among other links and relations', () => {
    expect(blockedByOf({ link: '<https://blocker.example/>; rel="blocked-by"' })).toBe(
      'https://blocker.example/',
    );
    expect(
      blockedByOf({ link: '<https://a.example/, x>; rel=help, <https://b.example/>; rel=blocked-by' }),
    ).toBe('https://b.example/');
    expect(blockedByOf({ link: '<https://b.example/>; title="court"; REL="other Blocked-By"' })).toBe(
      'https://b.example/',
    );
    expect(blockedByOf(new Headers([['link', blockedByLink('https://c.example/x')]]))).toBe(
      'https://c.example/x',
    );
    expect(
      blockedByOf({ link: ['<https://a.example/>; rel=help', '<https://d.example/>; rel="blocked-by"'] }),
    ).toBe('https://d.example/');
  });

  it('names no one for a relative reference, a URL with credentials, another relation or no header', () => {
    expect(blockedByOf({ link: '</blocker>; rel="blocked-by"' })).toBeUndefined();
    expect(blockedByOf({ link: '<https://user:pw@blocker.example/>; rel="blocked-by"' })).toBeUndefined();
    expect(blockedByOf({ link: '<https://blocker.example/>; rel="blocked-byx"' })).toBeUndefined();
    expect(blockedByOf({})).toBeUndefined();
    expect(blockedByOf(undefined)).toBeUndefined();
  });
});

describe('blockedByProblem', () => {
  it('says what is wrong with a URL that cannot name a blocking entity', () => {
    expect(blockedByProblem('https://blocker.example/')).toBeUndefined();
    expect(blockedByProblem('blocker.example')).toBe(
      'text that is not an absolute URL (no scheme such as https://)',
    );
    expect(blockedByProblem('')).toBe('nothing (no scheme such as https://)');
    expect(blockedByProblem('mailto:court@example.org')).toBe('a mailto URL, not http or https');
    expect(blockedByProblem('https://user:pw@blocker.example/')).toBe('a URL with a user name or password');
    expect(blockedByProblem(`https://b.example/${'x'.repeat(2048)}`)).toMatch(
      /^a URL longer than 2048 characters/,
    );
  });
});

describe('classifyResponseFailure, a 451 naming who blocked it', () => {
  const signal = { status: 451, code: undefined, type: undefined, message: 'Unavailable For Legal Reasons' };
  it('says who blocked it in the message of a legal block, and only there', () => {
    expect(classifyResponseFailure({ signal, signals: {}, blockedBy: 'https://blocker.example/' })).toEqual({
      kind: 'cutoff',
      cutoffReason: 'legal_block',
      scope: 'jurisdiction',
      status: 451,
      message: 'Unavailable For Legal Reasons (blocked by https://blocker.example/)',
    });
    expect(
      classifyResponseFailure({
        signal: { ...signal, status: 403 },
        signals: {},
        blockedBy: 'https://b.example/',
      }).message,
    ).toBe('Unavailable For Legal Reasons');
    expect(classifyResponseFailure({ signal, signals: {} }).message).toBe('Unavailable For Legal Reasons');
    expect(withBlockedBy('m', undefined)).toBe('m');
  });
});
