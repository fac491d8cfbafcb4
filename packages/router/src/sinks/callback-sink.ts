import type { DecisionRecord, DecisionSink, SinkHost } from '@switchyard/core';

/**
 * Calls `onRecord` for every decision record. An error it throws never
 * reaches the request: it goes to `onError`, else to the router's `error`
 * event (the record counts as not written there), else a process warning.
 *
 * @param options.onRecord called with each record, on the request path: keep it quick.
 * @param options.onError called with what `onRecord` threw.
 * @returns the sink.
 * @example
 * ```ts
 * const router = createRouter({ config, models, sinks: [callbackSink({ onRecord: (record) => queue.push(record) })] });
 * ```
 */
export function callbackSink(options: {
  onRecord: (record: DecisionRecord) => void;
  onError?: (error: unknown) => void;
}): DecisionSink {
  let host: SinkHost | undefined;
  return {
    name: 'callback',
    write(record) {
      try {
        options.onRecord(record);
      } catch (error) {
        try {
          if (options.onError) options.onError(error);
          else if (host) host.reportError(error);
          else
            process.emitWarning(
              `callback sink: onRecord threw: ${error instanceof Error ? error.message : String(error)}`,
              { type: 'SwitchyardWarning', code: 'SWITCHYARD_SINK_WRITE_FAILED' },
            );
        } catch {
          // Reporting never throws into the request.
        }
      }
    },
    attach(routerHost) {
      host = routerHost;
    },
  };
}
