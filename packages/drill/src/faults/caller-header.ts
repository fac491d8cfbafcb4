import type { LanguageModelV4, LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { modelIdentity } from '../virtual-time/model-identity.js';

/**
 * The header that carries a drill request's caller jurisdiction to the
 * simulators (their default `callerHeader`), which apply caller-scoped faults
 * (region and legal blocks) by it.
 */
export const callerHeader = 'x-switchyard-caller-country';

/**
 * The call-option headers of a drill request whose caller is `jurisdiction`:
 * the router gives them to every target's model and the official SDKs send
 * them, so the jurisdiction travels with the request itself (no async context,
 * no copy of the SDK's headers in a wrapping `fetch`).
 *
 * @param jurisdiction the caller's jurisdiction (none: no headers).
 * @returns the headers, or `undefined`.
 */
export function callerHeaders(jurisdiction: string | undefined): Record<string, string> | undefined {
  return jurisdiction === undefined || jurisdiction === '' ? undefined : { [callerHeader]: jurisdiction };
}

/** The caller jurisdiction a call carries in its headers ({@link callerHeaders}), if any. */
export function callerOf(call: LanguageModelV4CallOptions): string | undefined {
  const value = call.headers?.[callerHeader];
  return value === undefined || value === '' ? undefined : value;
}

/**
 * The call without the caller header (the same call when it has none): a
 * model that sends no HTTP request (in process) or that the drill was given
 * never sees it, as before the jurisdiction travelled in the headers. The abort
 * signal is read through (a router's call options create it on first read).
 */
export function withoutCallerHeader(call: LanguageModelV4CallOptions): LanguageModelV4CallOptions {
  const headers = call.headers;
  if (headers === undefined || !Object.hasOwn(headers, callerHeader)) return call;
  let rest: Record<string, string | undefined> | undefined;
  for (const name in headers) {
    if (name === callerHeader) continue;
    rest ??= {};
    rest[name] = headers[name];
  }
  // Every option but the signal, which is read only when the model reads it.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(call)) {
    if (key !== 'abortSignal' && key !== 'headers') copy[key] = call[key as keyof LanguageModelV4CallOptions];
  }
  if (rest !== undefined) copy.headers = rest;
  Object.defineProperty(copy, 'abortSignal', { get: () => call.abortSignal, enumerable: true });
  return copy as unknown as LanguageModelV4CallOptions;
}

/**
 * A model whose calls reach `model` without the caller header ({@link withoutCallerHeader}).
 *
 * @param model the model the drill was given for a target.
 * @returns the wrapping model.
 */
export function withoutCallerHeaderModel(model: LanguageModelV4): LanguageModelV4 {
  return {
    ...modelIdentity(model),
    doGenerate: (call) => model.doGenerate(withoutCallerHeader(call)),
    doStream: (call) => model.doStream(withoutCallerHeader(call)),
  } as LanguageModelV4;
}
