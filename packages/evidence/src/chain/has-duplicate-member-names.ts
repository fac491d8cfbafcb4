/**
 * Whether JSON text names a member twice in one object (`{"a":1,"a":2}`,
 * also when spelt differently: `"a"` and `"\u0061"`). I-JSON (RFC 7493),
 * the input RFC 8785 canonicalizes, forbids it: `JSON.parse` keeps the last
 * value and other parsers the first, so such a line says two things at once.
 *
 * @param text JSON text that `JSON.parse` accepts.
 * @returns true when some object names a member twice.
 * @example
 * ```ts
 * hasDuplicateMemberNames('{"route":"evil","route":"chat"}'); // true
 * hasDuplicateMemberNames('{"a":{"b":1},"b":2}');             // false
 * ```
 */
export function hasDuplicateMemberNames(text: string): boolean {
  // One entry per open object (its member names so far) or array (null).
  const open: (Set<string> | null)[] = [];
  let expectName = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      let end = index + 1;
      while (text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      if (expectName) {
        const names = open.at(-1) as Set<string>;
        const name = JSON.parse(text.slice(index, end + 1)) as string;
        if (names.has(name)) return true;
        names.add(name);
        expectName = false;
      }
      index = end;
    } else if (code === 0x7b) {
      open.push(new Set());
      expectName = true;
    } else if (code === 0x5b) open.push(null);
    else if (code === 0x7d || code === 0x5d) {
      open.pop();
      expectName = false;
    } else if (code === 0x2c) expectName = open.at(-1) instanceof Set;
  }
  return false;
}
