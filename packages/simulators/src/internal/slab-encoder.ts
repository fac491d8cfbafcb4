const textEncoder = new TextEncoder();

/**
 * UTF-8 encoding of body text into views of a shared buffer (a slab): the
 * bytes `TextEncoder.encode` gives, without a new `ArrayBuffer` per chunk.
 * An in-process answer is written as a few short chunks per simulated
 * instant; one buffer each (allocated, tracked and freed by the garbage
 * collector as memory outside the heap) cost more than encoding them.
 *
 * A view is never written again once handed out: a full slab is replaced by
 * a new one, and the old one lives as long as a view of it does. A text
 * that may not fit a quarter of a slab gets its own buffer.
 *
 * @example
 * ```ts
 * const encoder = new SlabEncoder();
 * encoder.encode('data: {}\n\n'); // Uint8Array [100, 97, 116, 97, ...], a view of the slab
 * ```
 */
export class SlabEncoder {
  readonly #slabBytes: number;
  #slab: Uint8Array;
  #used = 0;

  /** @param slabBytes the size of each slab (default 64 KiB). */
  constructor(slabBytes = 64 * 1024) {
    this.#slabBytes = slabBytes;
    this.#slab = new Uint8Array(slabBytes);
  }

  /**
   * The UTF-8 bytes of `text` (lone surrogates as U+FFFD, as `TextEncoder` writes them).
   *
   * @param text any text.
   * @returns its bytes, in a view nothing writes again.
   */
  encode(text: string): Uint8Array {
    // At most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    const most = text.length * 3;
    if (most > this.#slabBytes / 4) return textEncoder.encode(text);
    if (this.#used + most > this.#slabBytes) {
      this.#slab = new Uint8Array(this.#slabBytes);
      this.#used = 0;
    }
    const start = this.#used;
    const { written } = textEncoder.encodeInto(text, this.#slab.subarray(start));
    this.#used = start + written;
    return this.#slab.subarray(start, this.#used);
  }
}
