import { errorCodes } from '../errors/error-codes.js';
import { thrownMessage } from '../failure/thrown-message.js';
import type { SinkHost } from './decision-sink.js';

/**
 * Reports an error of a sink where its owner asked for it: the sink's own
 * `onError`, else the router it is attached to (an `error` event, counted),
 * else a process warning with code `SWITCHYARD_SINK_WRITE_FAILED`, so no
 * failure of a sink goes unseen. Never throws: a sink's failure never reaches
 * the request or the host process.
 *
 * @param error what the sink failed with.
 * @param to where to report it: the sink's `onError`, its host once attached, and the words that
 *   start the warning (the sink and what it could not do).
 * @example
 * ```ts
 * reportSinkError(error, { onError: options.onError, host, what: 'callback sink: onRecord threw' });
 * ```
 */
export function reportSinkError(
  error: unknown,
  to: { onError: ((error: unknown) => void) | undefined; host: SinkHost | undefined; what: string },
): void {
  try {
    if (to.onError) to.onError(error);
    else if (to.host) to.host.reportError(error);
    else
      globalThis.process?.emitWarning(`${to.what}: ${thrownMessage(error)}`, {
        type: 'SwitchyardWarning',
        code: errorCodes.SINK_WRITE_FAILED,
      });
  } catch {
    // Reporting never throws into the request or the host.
  }
}
