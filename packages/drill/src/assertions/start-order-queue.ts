/** Something with the instant it started (epoch ms). */
export interface Started {
  readonly start: number;
}

/**
 * Items that arrive in any order, handed on in the order they started: a
 * binary min-heap by `start`, ties in the order they were pushed (as a
 * stable sort of the pushed items by `start` would give). An item is handed
 * on once the caller says nothing earlier can still come (`release`), so
 * the queue holds only what is still in flight, not every item of a run.
 */
export class StartOrderQueue<T extends Started> {
  readonly #items: T[] = [];
  /** Push order of each item in `#items` (same index): breaks ties between equal starts. */
  readonly #orders: number[] = [];
  #pushed = 0;

  /** Items held (not yet released). */
  get size(): number {
    return this.#items.length;
  }

  /** Holds one item. */
  push(item: T): void {
    const items = this.#items;
    const orders = this.#orders;
    const order = this.#pushed++;
    let index = items.length;
    items.push(item);
    orders.push(order);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!precedes(item.start, order, (items[parent] as T).start, orders[parent] as number)) break;
      items[index] = items[parent] as T;
      orders[index] = orders[parent] as number;
      index = parent;
    }
    items[index] = item;
    orders[index] = order;
  }

  /**
   * Hands on, in start order, every held item that started at or before
   * `watermarkMs`; the caller promises that every item pushed later starts
   * at or after it (an item pushed later with the same start came later in
   * push order too, so it is handed on after these).
   *
   * @param watermarkMs `Infinity` hands on every held item.
   */
  release(watermarkMs: number, visit: (item: T) => void): void {
    const items = this.#items;
    while (items.length > 0 && (items[0] as T).start <= watermarkMs) visit(this.#pop());
  }

  #pop(): T {
    const items = this.#items;
    const orders = this.#orders;
    const top = items[0] as T;
    const last = items.pop() as T;
    const lastOrder = orders.pop() as number;
    const count = items.length;
    if (count === 0) return top;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= count) break;
      const right = child + 1;
      if (
        right < count &&
        precedes(
          (items[right] as T).start,
          orders[right] as number,
          (items[child] as T).start,
          orders[child] as number,
        )
      )
        child = right;
      if (!precedes((items[child] as T).start, orders[child] as number, last.start, lastOrder)) break;
      items[index] = items[child] as T;
      orders[index] = orders[child] as number;
      index = child;
    }
    items[index] = last;
    orders[index] = lastOrder;
    return top;
  }
}

/** Whether an item that started at `start`, pushed `order`th, comes before another. */
const precedes = (start: number, order: number, otherStart: number, otherOrder: number) =>
  start < otherStart || (start === otherStart && order < otherOrder);
