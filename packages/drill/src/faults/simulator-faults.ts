import type { Fault } from '@switchyard/simulators';
import type { FaultEvent } from '../scenario/scenario-schema.js';

/**
 * The simulator fault that replays an event with the provider's real signal.
 * `latency` extra milliseconds are simulated time: the simulator divides them
 * by its `timeScale`.
 */
export function simulatorFaultFor(event: FaultEvent): Fault {
  switch (event.type) {
    case 'cutoff':
      return event.signal === 'legal_block' && event.blockedBy !== undefined
        ? { type: 'legal_block', blockedBy: event.blockedBy }
        : { type: event.signal };
    case 'outage':
      return event.signal === 'server_error'
        ? { type: 'server_error', status: event.status }
        : { type: event.signal };
    case 'latency':
      return { type: 'latency', extraMs: event.extraMs };
    case 'rate_limited':
      return event.retryAfterSeconds === undefined
        ? { type: 'rate_limited' }
        : { type: 'rate_limited', retryAfterSeconds: event.retryAfterSeconds };
    case 'stream-fault':
      return event.fault === 'cut'
        ? { type: 'stream_cut', afterChunks: event.afterChunks }
        : event.fault === 'stall'
          ? { type: 'stream_stall', afterChunks: event.afterChunks }
          : { type: 'malformed_chunk', afterChunks: event.afterChunks };
  }
}
