import { redactSecrets, thrownMessage } from '@switchyard/core/failure';
import type { RouterEvents } from './router-events.js';

type Listener = (payload: never) => void;

/**
 * The router's events: `on` subscribes, `emit` calls every listener in
 * order. A listener that throws never reaches a request or the host: its
 * error becomes an `error` event (or, from an `error` listener, or with no
 * `error` listener, a process warning). The message of an `error` event
 * (a sink's, a budget store's, a listener's) has its secrets removed
 * (`redactSecrets`: keys, bearer tokens, credentials in URLs), as it is made
 * to be logged. `has` lets the request path skip building a payload nobody
 * listens to.
 */
export class RouterEventBus {
  readonly #listeners = new Map<keyof RouterEvents, Set<Listener>>();
  /** Errors of listeners, and errors reported with no `error` listener. */
  unhandledErrors = 0;

  /** Whether `event` has a listener. */
  has(event: keyof RouterEvents): boolean {
    const set = this.#listeners.get(event);
    return set !== undefined && set.size > 0;
  }

  /** Subscribes; returns the unsubscribe function. */
  on<Name extends keyof RouterEvents>(
    event: Name,
    listener: (payload: RouterEvents[Name]) => void,
  ): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener);
    return () => {
      set.delete(listener as Listener);
    };
  }

  emit<Name extends keyof RouterEvents>(event: Name, payload: RouterEvents[Name]): void {
    if (event === 'error') payload = redactedReport(payload as RouterEvents['error']) as RouterEvents[Name];
    const set = this.#listeners.get(event);
    if (set === undefined || set.size === 0) {
      if (event === 'error') this.#warn(payload as RouterEvents['error']);
      return;
    }
    for (const listener of set) {
      try {
        (listener as (value: RouterEvents[Name]) => void)(payload);
      } catch (error) {
        const report: RouterEvents['error'] = {
          source: 'listener',
          origin: event,
          message: `a listener of "${event}" threw: ${thrownMessage(error)}`,
          error,
        };
        if (event === 'error') this.#warn(report);
        else this.emit('error', report);
      }
    }
  }

  #warn(report: RouterEvents['error']): void {
    this.unhandledErrors++;
    try {
      process.emitWarning(`${report.message} (router.on('error', ...) to handle it)`, {
        type: 'SwitchyardWarning',
        code:
          report.source === 'sink'
            ? 'SWITCHYARD_SINK_WRITE_FAILED'
            : report.source === 'budget'
              ? 'SWITCHYARD_BUDGET_RECONCILE_FAILED'
              : report.source === 'close'
                ? 'SWITCHYARD_STREAMS_OPEN_AT_CLOSE'
                : 'SWITCHYARD_LISTENER_FAILED',
      });
    } catch {
      // A warning never reaches the host as an exception.
    }
  }
}

/** An error report whose message holds no secret (the same object when it held none). */
function redactedReport(report: RouterEvents['error']): RouterEvents['error'] {
  const message = redactSecrets(report.message);
  return message === report.message ? report : { ...report, message };
}
