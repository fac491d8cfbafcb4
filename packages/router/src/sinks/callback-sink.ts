import type { DecisionRecord, DecisionSink } from '@switchyard/core';

/**
 * Calls `onRecord` for every decision record. Errors it throws are reported
 * to `onError` (default: ignored) and never reach the request.
 */
export function callbackSink(options: {
  onRecord: (record: DecisionRecord) => void;
  onError?: (error: unknown) => void;
}): DecisionSink {
  return {
    write(record) {
      try {
        options.onRecord(record);
      } catch (error) {
        options.onError?.(error);
      }
    },
  };
}
