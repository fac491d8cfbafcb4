import type { LanguageModelV4 } from '@ai-sdk/provider';
import type {
  BasisDocument,
  CompiledPolicy,
  CutoffReason,
  PolicyInput,
  RequestContext,
} from '@switchyard/core';
import type { HealthSnapshot } from './health/health-snapshot.js';
import type { TargetHealthState } from './health/target-health.js';
import type { SinkCounters } from './record/record-writer.js';
import type { RouterEvents } from './router-events.js';

/** The router: one `LanguageModelV4` per route, plus health, events and evidence. */
export interface Router {
  /**
   * The model of a route, for `generateText`, `streamText`, `generateObject`, ...
   *
   * @throws {SwitchyardError} `SWITCHYARD_ROUTE_UNKNOWN` when the route is not in the config.
   */
  languageModel(route: string): LanguageModelV4;
  /** Runs `fn` with `context` as the default request context of every call inside it. */
  withContext<T>(context: RequestContext, fn: () => T): T;
  /** Replaces the policy (recompiled for every route); a drill's `policy` event uses it. */
  setPolicy(policy: PolicyInput): void;
  /** The compiled policy in force. */
  readonly policy: CompiledPolicy;
  /**
   * The basis of every decision so far, as sinks receive it: the catalog and
   * routes, the price table, and each policy put in force (the config's, then
   * each `setPolicy`'s), each once with its version. Keep them beside the
   * records: `switchyard replay` needs them to reproduce a decision.
   */
  basis(): readonly BasisDocument[];
  /** Health of the targets. */
  readonly health: {
    /** The health of one target. */
    state(targetId: string): TargetHealthState;
    /**
     * Lifts a cut-off: for every caller, or for one caller jurisdiction (a
     * group: for itself and each member country).
     *
     * @throws {JurisdictionError} when the jurisdiction is neither an ISO 3166-1 alpha-2 code nor a known group.
     */
    restore(targetId: string, options?: { jurisdiction?: string }): void;
    /**
     * Cuts a target off by hand (e.g. on a vendor's notice): for every caller,
     * or for one caller jurisdiction; a group (`EU`) cuts it off for callers
     * naming the group and for each member country.
     *
     * @throws {JurisdictionError} when the jurisdiction is neither an ISO 3166-1 alpha-2 code nor a known group.
     * @throws {TypeError} when the reason is not one of `cutoffReasons`.
     */
    cutOff(targetId: string, options?: { jurisdiction?: string; reason?: CutoffReason }): void;
    /**
     * The health of every target, merged: cut-offs in force with when, by which
     * process and on what evidence, circuits, cooldowns still running and latency
     * averages; each fact marked `source: 'local'` (this process) or `'fleet'`
     * (another process, through a fleet health store such as `@switchyard/redis`).
     */
    snapshot(): HealthSnapshot;
    /** This process's id in the fleet (`by` of what it detects). */
    readonly processId: string;
  };
  /** Records handed to the sinks, and errors they reported (each also an `error` event). */
  readonly sinks: SinkCounters;
  /** Subscribes to an event; returns the unsubscribe function. */
  on<Name extends keyof RouterEvents>(
    event: Name,
    listener: (payload: RouterEvents[Name]) => void,
  ): () => void;
  /**
   * Flushes and closes the sinks. Calls after this fail with `SWITCHYARD_ROUTER_CLOSED`.
   * It does not wait for streams still open: it reports them as an `error` event (source
   * `close`) and their records are written when they end.
   *
   * @throws {SinkWriteError} saying how many decision records were not written, when a sink could not write them all.
   */
  close(): Promise<void>;
}
