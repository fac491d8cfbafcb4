import type { ClassifiedFailure } from '@switchyard/core';
import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
} from 'cockatiel';
import type { ResolvedTargetHealthOptions } from '../health/health-options.js';
import type { StreamTrial } from './stream-trial.js';

/** Failure kinds that say the target is unhealthy (not the caller's fault, not a cut-off). */
export function tripsBreaker(failure: ClassifiedFailure): boolean {
  const kind = failure.kind;
  return kind === 'transient' || kind === 'timeout' || kind === 'rate_limited';
}

/** What the breaker says of the next attempt. */
export type Gate =
  /** Closed: run the attempt directly, tell the breaker only of failures. */
  | 'closed'
  /** Half-open (or open past its delay): run the attempt through the breaker as its trial. */
  | 'trial'
  /** Open: do not try. */
  | 'open'
  /** Bulkhead full: do not try. */
  | 'full';

/** A failure thrown through the breaker so cockatiel counts it. */
class BreakerFailure {
  constructor(readonly failure: ClassifiedFailure) {}
}

/**
 * The resilience stack of one target (cockatiel's circuit breaker, with a
 * consecutive-failures policy) and its bulkhead, consulted by state so a
 * healthy target pays for neither on the request path:
 *
 * - a closed circuit with a free slot lets the attempt run directly; only a
 *   failure goes through the breaker (`recordFailure`), and a success resets
 *   the consecutive count only when there is one to reset;
 * - an open circuit past its half-open delay, or a half-open one, runs the
 *   attempt inside `breaker.execute` as its trial (`trial`), so a trial that
 *   fails or times out re-opens the circuit and one that succeeds closes it.
 *   A trial that opened a stream lasts until the stream ends
 *   ({@link StreamTrial}); meanwhile the circuit is open to other attempts
 *   (they would otherwise wait the whole stream for its verdict).
 *
 * ("Policy" in Switchyard means the compliance policy; this is resilience.)
 */
export class TargetResilience {
  readonly breaker: CircuitBreakerPolicy;
  readonly #consecutive: ConsecutiveBreaker;
  readonly #halfOpenAfterMs: number;
  readonly #maxConcurrent: number;
  /** When the circuit last opened, on cockatiel's clock (`Date.now`). */
  #openedAt = 0;
  /** Trials whose stream opened and has not ended yet. */
  #streamTrials = 0;

  constructor(options: ResolvedTargetHealthOptions) {
    this.#consecutive = new ConsecutiveBreaker(options.breakerThreshold);
    this.#halfOpenAfterMs = options.breakerHalfOpenAfterMs;
    this.#maxConcurrent = options.maxConcurrent;
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof BreakerFailure && tripsBreaker(error.failure)),
      { halfOpenAfter: options.breakerHalfOpenAfterMs, breaker: this.#consecutive },
    );
    this.breaker.onBreak(() => {
      this.#openedAt = Date.now();
    });
  }

  /** Epoch ms (`Date.now`) the open circuit lets a trial through; undefined while closed. */
  get openUntil(): number | undefined {
    return this.breaker.state === CircuitState.Closed ? undefined : this.#openedAt + this.#halfOpenAfterMs;
  }

  /** The circuit as `router.health.state` reports it. */
  get circuit(): 'closed' | 'open' | 'half-open' | 'isolated' {
    return (['closed', 'open', 'half-open', 'isolated'] as const)[this.breaker.state] ?? 'closed';
  }

  /**
   * Whether the circuit keeps the target behind healthy ones: open and still
   * within its half-open delay, or half-open (a trial in flight). An open
   * circuit past its delay is not: the next request tries it first, so a
   * target that recovered gets its traffic back.
   */
  isDemoted(): boolean {
    const state = this.breaker.state;
    if (state === CircuitState.Closed) return false;
    if (state === CircuitState.Open) return Date.now() - this.#openedAt < this.#halfOpenAfterMs;
    return true;
  }

  /** What to do with the next attempt, given `inFlight` attempts on the target. */
  gate(inFlight: number): Gate {
    if (inFlight >= this.#maxConcurrent) return 'full';
    const state = this.breaker.state;
    if (state === CircuitState.Closed) return 'closed';
    if (state === CircuitState.Open && Date.now() - this.#openedAt < this.#halfOpenAfterMs) return 'open';
    if (state === CircuitState.Isolated) return 'open';
    // A trial's stream is still running: its verdict comes when it ends.
    if (state === CircuitState.HalfOpen && this.#streamTrials > 0) return 'open';
    return 'trial';
  }

  /** Notes a success of an attempt that ran directly (closed circuit). */
  recordSuccess(): void {
    // Only a consecutive count needs resetting; the circuit is closed otherwise.
    if (this.#consecutive.state > 0 && this.breaker.state === CircuitState.Closed)
      this.#consecutive.success();
  }

  /** Notes a failure of an attempt that ran directly; opens the circuit at the threshold. */
  async recordFailure(failure: ClassifiedFailure): Promise<void> {
    if (!tripsBreaker(failure)) return;
    try {
      await this.breaker.execute(() => Promise.reject(new BreakerFailure(failure)));
    } catch {
      // The breaker rethrows what it counted (or that it is open): nothing to do.
    }
  }

  /**
   * Runs `attempt` as the breaker's trial. `attempt` resolves with its
   * outcome; a failure outcome that trips the breaker is thrown through it (so
   * cockatiel re-opens the circuit) and comes back as the outcome.
   *
   * With `stream` (the attempt's value is a stream the caller reads), a
   * success comes back as soon as the stream opened, while the trial stays in
   * flight until `stream.end()`: ended with a failure that trips the breaker,
   * the circuit re-opens; else it closes.
   *
   * @returns the outcome, or `'open'` when the breaker refused (another trial won the race).
   */
  trial<Outcome extends { readonly failure?: ClassifiedFailure }>(
    attempt: () => Promise<Outcome>,
    stream?: StreamTrial,
  ): Promise<Outcome | 'open'> {
    if (stream === undefined) return this.#trial(attempt);
    return new Promise((resolve, reject) => {
      let opened = false;
      this.breaker
        .execute(async () => {
          const outcome = await attempt();
          if (outcome.failure !== undefined) {
            if (tripsBreaker(outcome.failure)) throw new TrialFailed(outcome);
            return outcome;
          }
          opened = true;
          this.#streamTrials++;
          resolve(outcome);
          const failure = await stream.ended;
          this.#streamTrials--;
          if (failure !== undefined && tripsBreaker(failure)) throw new BreakerFailure(failure);
          return outcome;
        })
        .then(
          (outcome) => {
            if (!opened) resolve(outcome);
          },
          (error: unknown) => {
            // A stream's failure at its end: counted by the breaker; the caller had the outcome.
            if (opened) return;
            if (error instanceof TrialFailed) resolve(error.outcome as Outcome);
            else if (isBrokenCircuitError(error)) resolve('open');
            else reject(error);
          },
        );
    });
  }

  /** {@link trial} of an attempt judged when it resolves. */
  async #trial<Outcome extends { readonly failure?: ClassifiedFailure }>(
    attempt: () => Promise<Outcome>,
  ): Promise<Outcome | 'open'> {
    try {
      return await this.breaker.execute(async () => {
        const outcome = await attempt();
        if (outcome.failure !== undefined && tripsBreaker(outcome.failure)) throw new TrialFailed(outcome);
        return outcome;
      });
    } catch (error) {
      if (error instanceof TrialFailed) return error.outcome as Outcome;
      if (isBrokenCircuitError(error)) return 'open';
      throw error;
    }
  }
}

/** A trial's failure outcome, thrown through the breaker and caught back. */
class TrialFailed extends BreakerFailure {
  constructor(readonly outcome: { readonly failure?: ClassifiedFailure }) {
    super(outcome.failure as ClassifiedFailure);
  }
}
