/** A fixed-size set of small integers (target or country indices), 32 per word. */
export class BitSet {
  /** The words. */
  readonly words: Uint32Array;

  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  /** Adds `index`. */
  add(index: number): void {
    this.words[index >>> 5] = (this.words[index >>> 5] as number) | (1 << (index & 31));
  }

  /** Whether `index` is in the set. */
  has(index: number): boolean {
    return (((this.words[index >>> 5] as number) >>> (index & 31)) & 1) === 1;
  }

  /** Whether the set is empty. */
  isEmpty(): boolean {
    for (const word of this.words) if (word !== 0) return false;
    return true;
  }

  /** Whether every member of this set is in `other`. */
  isSubsetOf(other: BitSet): boolean {
    for (let index = 0; index < this.words.length; index++)
      if (((this.words[index] as number) & ~(other.words[index] as number)) !== 0) return false;
    return true;
  }

  /** Whether the two sets share a member. */
  intersects(other: BitSet): boolean {
    for (let index = 0; index < this.words.length; index++)
      if (((this.words[index] as number) & (other.words[index] as number)) !== 0) return true;
    return false;
  }

  /** Whether the union of this set and `other` contains every member of `all`. */
  unionCovers(other: BitSet, all: BitSet): boolean {
    for (let index = 0; index < this.words.length; index++)
      if (
        ((all.words[index] as number) & ~((this.words[index] as number) | (other.words[index] as number))) !==
        0
      )
        return false;
    return true;
  }

  /** The members, ascending. */
  members(): number[] {
    const result: number[] = [];
    this.words.forEach((word, wordIndex) => {
      for (let bit = 0; word !== 0 && bit < 32; bit++) {
        if ((word >>> bit) & 1) result.push(wordIndex * 32 + bit);
      }
    });
    return result;
  }
}
