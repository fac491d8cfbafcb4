import { type DecisionRecord, type DecisionSink, reportSinkError, type SinkHost } from '@switchyard/core';

/**
 * Calls `onRecord` for every decision record. An error it throws, or a
 * promise it returns that rejects, never reaches the request nor becomes an
 * unhandled rejection: it goes to `onError`, else to the router's `error`
 * event (the record counts as not written there), else a process warning.
 * `flush()` and `close()` (so `router.close()`) wait for the promises
 * `onRecord` returned that are still pending.
 *
 * @param options.onRecord called with each record, on the request path: keep it quick (it may return a promise).
 * @param options.onError called with what `onRecord` threw or rejected with.
 * @returns the sink.
 * @example
 * ```ts
 * const router = createRouter({ config, models, sinks: [callbackSink({ onRecord: (record) => queue.push(record) })] });
 * ```
 */
export function callbackSink(options: {
  onRecord: (record: DecisionRecord) => unknown;
  onError?: (error: unknown) => void;
}): DecisionSink {
  let host: SinkHost | undefined;
  const pending = new Set<Promise<void>>();
  const report = (error: unknown) =>
    reportSinkError(error, { onError: options.onError, host, what: 'callback sink: onRecord threw' });
  const settled = async () => {
    while (pending.size > 0) await Promise.all(pending);
  };
  return {
    name: 'callback',
    write(record) {
      let returned: unknown;
      try {
        returned = options.onRecord(record);
      } catch (error) {
        report(error);
        return;
      }
      if (typeof (returned as PromiseLike<unknown> | undefined)?.then !== 'function') return;
      const settling: Promise<void> = Promise.resolve(returned).then(
        () => {
          pending.delete(settling);
        },
        (error: unknown) => {
          pending.delete(settling);
          report(error);
        },
      );
      pending.add(settling);
    },
    flush: settled,
    close: settled,
    attach(routerHost) {
      host = routerHost;
    },
  };
}
