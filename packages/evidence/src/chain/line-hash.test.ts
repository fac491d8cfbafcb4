import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { hasDuplicateMemberNames } from './has-duplicate-member-names.js';
import { canonicalLineHash } from './line-hash.js';
import { leafHash } from './tree-hash.js';

const written = { route: 'chat', tenant: 'caf\uFFFD', nested: { a: [1, { b: 2 }] } };
const hashOfWritten = leafHash(Buffer.from(canonicalJson(written)));

describe('canonicalLineHash', () => {
  it('hashes a re-formatted line as the line that was written', () => {
    const reformatted = Buffer.from(JSON.stringify(written, null, 2).replace(/\n/g, ' '));
    expect(canonicalLineHash(reformatted)).toBe(hashOfWritten);
  });

  it('does not hash a line that names a member twice as the line that was written', () => {
    const text = JSON.stringify(written).replace('{"route":"chat"', '{"route":"evil","route":"chat"');
    expect(JSON.parse(text)).toEqual(written);
    expect(canonicalLineHash(Buffer.from(text))).toBeUndefined();
  });

  it('does not hash bytes that are not UTF-8 as the U+FFFD that was written', () => {
    const bytes = Buffer.from(JSON.stringify(written));
    const at = bytes.indexOf(Buffer.from('\uFFFD'));
    const invalid = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]);
    expect(invalid.toString('utf8')).toBe(JSON.stringify(written));
    expect(canonicalLineHash(invalid)).toBeUndefined();
  });
});

describe('hasDuplicateMemberNames', () => {
  it('finds a member named twice in one object, however it is spelt', () => {
    expect(hasDuplicateMemberNames('{"a":1,"a":2}')).toBe(true);
    expect(hasDuplicateMemberNames('{"a":1,"\\u0061":2}')).toBe(true);
    expect(hasDuplicateMemberNames('[{"x":{"a":1,"b":[{"a":1}],"a":3}}]')).toBe(true);
  });

  it('tells names apart from string values and from members of other objects', () => {
    expect(hasDuplicateMemberNames('{"a":"a","b":{"a":1},"c":[{"a":2},{"a":3}],"d":"\\"a\\""}')).toBe(false);
    expect(hasDuplicateMemberNames('{"a":{},"b":[],"c":{"d":[]}}')).toBe(false);
  });
});
