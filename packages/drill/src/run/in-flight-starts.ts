/**
 * The instants at which the requests still in flight were sent, oldest
 * first: what the runner tells the cut-off assertions (the earliest start
 * of an attempt still to come). Sends happen in clock order, so the oldest
 * still in flight is the earliest; a finished send is dropped once every
 * older one finished too.
 */
export class InFlightStarts {
  /** Send instants from `#first` on, each `undefined` once its request finished. */
  #instants: (number | undefined)[] = [];
  /** The token of `#instants[0]`. */
  #first = 0;
  #head = 0;

  /** A request sent at `instantMs` (elapsed simulated ms): returns its token for {@link end}. */
  begin(instantMs: number): number {
    this.#instants.push(instantMs);
    return this.#first + this.#instants.length - 1;
  }

  /** The request of `token` finished. */
  end(token: number): void {
    const instants = this.#instants;
    instants[token - this.#first] = undefined;
    while (this.#head < instants.length && instants[this.#head] === undefined) this.#head++;
    // Drops the finished prefix once it is most of the array (amortised: each entry moves once or twice).
    if (this.#head > 1024 && this.#head * 2 > instants.length) {
      this.#instants = instants.slice(this.#head);
      this.#first += this.#head;
      this.#head = 0;
    }
  }

  /** The send instant of the oldest request still in flight (`undefined` when none is). */
  earliest(): number | undefined {
    return this.#instants[this.#head];
  }
}
