import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import {
  type ClassifiedFailure,
  malformedStreamFailure,
  ProviderError,
  type Target,
  withBlockedBy,
} from '@switchyard/core';
import type { FaultEvent } from '../scenario/scenario-schema.js';
import { maxTimerMs } from '../timeline/long-timeout.js';
import { modelIdentity } from '../virtual-time/model-identity.js';
import { waitOnClock } from '../virtual-time/pace-timing.js';
import { callerOf, withoutCallerHeader } from './caller-header.js';
import type { FaultState } from './fault-state.js';

/** The classified failure a provider's real signal maps to, as an adapter would classify it. */
export function failureFor(event: FaultEvent): ClassifiedFailure | undefined {
  switch (event.type) {
    case 'cutoff':
      switch (event.signal) {
        case 'region_block':
          return {
            kind: 'cutoff',
            cutoffReason: 'region_blocked',
            scope: 'jurisdiction',
            status: 403,
            code: 'unsupported_country_region_territory',
            message: 'Country, region, or territory not supported (drill)',
          };
        case 'legal_block':
          return {
            kind: 'cutoff',
            cutoffReason: 'legal_block',
            scope: 'jurisdiction',
            status: 451,
            code: 'unavailable_for_legal_reasons',
            message: withBlockedBy('Unavailable For Legal Reasons (drill)', event.blockedBy),
          };
        case 'model_withdrawn':
          return {
            kind: 'cutoff',
            cutoffReason: 'model_withdrawn',
            scope: 'target',
            status: 404,
            code: 'model_not_found',
            message: 'The model does not exist (drill)',
          };
        case 'key_revoked':
          return {
            kind: 'cutoff',
            cutoffReason: 'key_revoked',
            scope: 'target',
            status: 401,
            code: 'invalid_api_key',
            message: 'Incorrect API key provided (drill)',
          };
        case 'quota_exhausted':
          return {
            kind: 'cutoff',
            cutoffReason: 'quota_exhausted',
            scope: 'target',
            status: 429,
            code: 'insufficient_quota',
            message: 'You exceeded your current quota (drill)',
          };
      }
      break;
    case 'outage':
      if (event.signal === 'server_error') {
        return {
          kind: 'transient',
          status: event.status,
          code: 'server_error',
          message: `HTTP ${event.status} (drill)`,
        };
      }
      if (event.signal === 'connection_reset')
        return { kind: 'transient', code: 'ECONNRESET', message: 'socket hang up (drill)' };
      return undefined;
    case 'rate_limited':
      return {
        kind: 'rate_limited',
        status: 429,
        code: 'rate_limit_exceeded',
        message: 'Rate limit reached (drill)',
        ...(event.retryAfterSeconds === undefined ? {} : { retryAfterMs: event.retryAfterSeconds * 1000 }),
      };
    case 'stream-fault':
      return event.fault === 'malformed'
        ? malformedStreamFailure({ detail: 'a chunk that is not JSON (drill)' })
        : { kind: 'transient', code: `stream_${event.fault}`, message: `stream ${event.fault} (drill)` };
    default:
      return undefined;
  }
  return undefined;
}

/** Waits `ms` on the real timers (in steps past setTimeout's limit); an abort rejects with its reason. */
function waitFor(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return waitOnClock(ms, signal, (reason) => reason);
}

/**
 * Wraps a real model so a live drill can inject faults at the adapter
 * boundary: while a fault is in force for this target (and the caller its
 * call's headers name, {@link callerHeaders}), calls throw the `ProviderError` the real adapter would throw for
 * that provider signal, hang (`no_response`) until aborted, are delayed
 * (`latency`), or have their stream cut or stalled. The provider is never
 * called for a failing attempt, and never sees the caller header.
 *
 * @param options.model the real model.
 * @param options.target its target.
 * @param options.faults the drill's fault state.
 * @param options.timeScale divides injected delays (default 1).
 */
export function faultInjectingModel(options: {
  model: LanguageModelV4;
  target: Target;
  faults: FaultState;
  timeScale?: number;
}): LanguageModelV4 {
  const { model, target, faults } = options;
  const timeScale = options.timeScale ?? 1;
  const fail = (failure: ClassifiedFailure) =>
    new ProviderError({ provider: target.provider, model: target.model, failure });
  const before = async (
    call: LanguageModelV4CallOptions,
    stream: boolean,
  ): Promise<FaultEvent | undefined> => {
    const active = faults.match(target.id, callerOf(call));
    if (active === undefined) return undefined;
    const { event } = active;
    if (event.type === 'latency') {
      await waitFor(event.extraMs / timeScale, call.abortSignal);
      return undefined;
    }
    if (event.type === 'outage' && event.signal === 'no_response') {
      await waitFor(maxTimerMs, call.abortSignal);
      throw fail({ kind: 'timeout', message: 'no response (drill)' });
    }
    if (event.type === 'stream-fault' && stream) return event;
    const failure = failureFor(event);
    if (failure) throw fail(failure);
    return undefined;
  };
  return {
    ...modelIdentity(model),
    async doGenerate(call) {
      await before(call, false);
      return model.doGenerate(withoutCallerHeader(call));
    },
    async doStream(call) {
      const streamFault = await before(call, true);
      const result = await model.doStream(withoutCallerHeader(call));
      if (streamFault === undefined || streamFault.type !== 'stream-fault') return result;
      const { fault, afterChunks } = streamFault;
      let content = 0;
      const reader = result.stream.getReader();
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          if (content >= afterChunks) {
            await reader.cancel().catch(() => {});
            if (fault === 'cut' || fault === 'malformed') {
              controller.enqueue({
                type: 'error',
                error: fail(failureFor(streamFault) as ClassifiedFailure),
              });
              controller.close();
            } else {
              await waitFor(maxTimerMs, call.abortSignal).catch(() => {});
              controller.error(call.abortSignal?.reason ?? new Error('stalled'));
            }
            return;
          }
          const next = await reader.read();
          if (next.done) return controller.close();
          if (next.value.type === 'text-delta' || next.value.type === 'tool-input-delta') content++;
          controller.enqueue(next.value);
        },
        cancel(reason) {
          return reader.cancel(reason);
        },
      });
      return { ...result, stream };
    },
  } as LanguageModelV4;
}
