/** One family of ids: a prefix and a fixed count of digits, the numbers seen as bits. */
class NumberedIds {
  bits = new Uint8Array(16);
  count = 0;

  /**
   * Whether `value` is kept here: numbers up to 1,024 plus 64 per member, so a family costs
   * at most 128 bytes plus 8 a member (a string in a set costs about 100). The bound only grows:
   * a number once kept here is always looked up here.
   */
  holds(value: number): boolean {
    return value < 1024 + 64 * this.count;
  }

  /** Marks `value`; returns whether it was new. */
  add(value: number): boolean {
    const byte = value >>> 3;
    if (byte >= this.bits.length) {
      let length = this.bits.length * 2;
      while (length <= byte) length *= 2;
      const wider = new Uint8Array(length);
      wider.set(this.bits);
      this.bits = wider;
    }
    const mask = 1 << (value & 7);
    const before = this.bits[byte] as number;
    if ((before & mask) !== 0) return false;
    this.bits[byte] = before | mask;
    this.count++;
    return true;
  }
}

/** Whether the UTF-16 unit is an ASCII digit. */
const isDigit = (unit: number) => unit >= 48 && unit <= 57;

/**
 * A set of request ids that holds ids of the form `<prefix><digits>` with
 * dense numbers (the drill's `drill-1-0000042`, counted from 1) as one bit
 * per number of their prefix and digit count, instead of a string and a hash
 * table entry (about 100 bytes a request, for the whole of a long drill), and
 * any other id as a string. Two ids are the same member exactly when they are
 * the same string: the prefix, the count of digits (leading zeros included)
 * and the number all match.
 *
 * @example
 * ```ts
 * const ids = new RequestIdSet();
 * ids.add('drill-1-0000042'); // true
 * ids.add('drill-1-0000042'); // false: seen
 * ids.add('drill-1-42'); // true: another id
 * ids.size; // 2
 * ```
 */
export class RequestIdSet {
  readonly #numbered = new Map<string, NumberedIds>();
  readonly #others = new Set<string>();
  /** The family of the last numbered id: the next one is usually of it (no key string built). */
  #last: { prefix: string; digits: number; ids: NumberedIds } | undefined;
  #size = 0;

  /** Distinct ids added. */
  get size(): number {
    return this.#size;
  }

  #family(id: string, start: number, digits: number): NumberedIds {
    const last = this.#last;
    if (
      last !== undefined &&
      last.digits === digits &&
      last.prefix.length === start &&
      id.startsWith(last.prefix)
    )
      return last.ids;
    const prefix = id.slice(0, start);
    // The digit count is part of the family: `x-07` and `x-7` are different ids.
    const key = `${digits}:${prefix}`;
    let ids = this.#numbered.get(key);
    if (ids === undefined) {
      ids = new NumberedIds();
      this.#numbered.set(key, ids);
    }
    this.#last = { prefix, digits, ids };
    return ids;
  }

  /** Adds `id`; returns whether it was new. */
  add(id: string): boolean {
    let start = id.length;
    while (start > 0 && isDigit(id.charCodeAt(start - 1))) start--;
    const digits = id.length - start;
    let added: boolean;
    // Up to 9 digits: the number is a small integer.
    if (digits > 0 && digits <= 9) {
      const value = Number(id.slice(start));
      const family = this.#family(id, start, digits);
      // Kept as a string while its family was small: still one.
      if (family.holds(value) && !(this.#others.size > 0 && this.#others.has(id))) {
        added = family.add(value);
        if (added) this.#size++;
        return added;
      }
    }
    added = !this.#others.has(id);
    if (added) {
      this.#others.add(id);
      this.#size++;
    }
    return added;
  }
}
