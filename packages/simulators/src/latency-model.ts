/**
 * How fast a simulated model answers: a time to first token, then a steady
 * token rate. Every delay is divided by the simulator's `timeScale`.
 * Defaults are instant (`0` ms, infinite tokens per second) so tests never wait.
 *
 * @example
 * ```ts
 * const latency: LatencyModel = { firstTokenMs: 350, tokensPerSecond: 60 };
 * ```
 */
export interface LatencyModel {
  /** Milliseconds before the first token (or before a non-streamed answer starts). Default `0`. */
  firstTokenMs?: number;
  /** Output tokens per second after the first token. Default `Infinity` (no delay). */
  tokensPerSecond?: number;
}
