import type { FaultRule } from './fault.js';
import type { LatencyModel } from './latency-model.js';
import type { RecordedRequest } from './recorded-request.js';

/** Which provider a simulator speaks. */
export type SimulatorKind = 'openai' | 'anthropic' | 'ollama';

/**
 * A running simulator: where it listens, and the controls a test or drill uses
 * to change its behaviour live and inspect what it received.
 */
export interface SimulatorHandle {
  /** The provider this simulator speaks. */
  readonly kind: SimulatorKind;
  /** The port it listens on (on 127.0.0.1). */
  readonly port: number;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /**
   * What the official SDK wants as its base URL: `http://127.0.0.1:PORT/v1` for
   * `openai`, `http://127.0.0.1:PORT` for `@anthropic-ai/sdk` (`baseURL`) and `ollama` (`host`).
   */
  readonly baseURL: string;
  /** Adds a fault rule after the existing ones; returns its id. */
  addFault(rule: FaultRule): string;
  /** Removes a fault rule by id (no-op when unknown). */
  removeFault(id: string): void;
  /** Replaces every fault rule. */
  setFaults(rules: readonly FaultRule[]): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** The fault rules in force, in match order (expired `times` rules are gone). */
  readonly faults: readonly FaultRule[];
  /** Sets the latency of one model, or of every model without its own (`'*'`). */
  setLatency(model: string, latency: LatencyModel): void;
  /** Every request received so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** Stops listening and closes every socket, including hung and stalled ones. */
  stop(): Promise<void>;
}
