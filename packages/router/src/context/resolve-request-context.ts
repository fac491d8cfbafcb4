import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import type { CompiledPolicy, MidStreamMode, RequestContext } from '@switchyard/core';
import { parseRequestOptions } from './parse-request-options.js';

// Exported here too, where it has always been.
export { RequestOptionsSchema } from './request-options-schema.js';

/**
 * The context, deadline and mid-stream mode of one request:
 * `providerOptions.switchyard` over the ambient context (`router.withContext`)
 * over the config's default (the deadline and mode over the route's and the
 * router's). The one place per-request options are parsed
 * ({@link parseRequestOptions}). With no `providerOptions.switchyard`,
 * nothing is parsed (the hot path).
 *
 * @throws {RequestOptionsError} when `providerOptions.switchyard` is invalid or names an unknown jurisdiction.
 */
export function resolveRequestContext(options: {
  providerOptions: SharedV4ProviderOptions | undefined;
  ambient: RequestContext | undefined;
  defaults: RequestContext;
  policy: CompiledPolicy;
  deadlineMs: number | undefined;
  /** The route's or the router's mode (default `continue`). */
  midStream?: MidStreamMode;
}): { context: RequestContext; deadlineMs: number | undefined; midStream: MidStreamMode } {
  const given = options.providerOptions?.switchyard;
  if (given === undefined) {
    return {
      context: options.ambient ?? options.defaults,
      deadlineMs: options.deadlineMs,
      midStream: options.midStream ?? 'continue',
    };
  }
  const parsed = parseRequestOptions(given, options.policy, true);
  return {
    context: layerContext(options.defaults, options.ambient, parsed.context),
    deadlineMs: parsed.deadlineMs ?? options.deadlineMs,
    midStream: parsed.midStream ?? options.midStream ?? 'continue',
  };
}

/**
 * Validates a `router.withContext` context (its jurisdiction included) and
 * applies the config's default under it.
 *
 * @throws {RequestOptionsError} when the context is invalid.
 */
export function parseAmbientContext(
  context: RequestContext,
  defaults: RequestContext,
  policy: CompiledPolicy,
): RequestContext {
  return layerContext(defaults, undefined, parseRequestOptions(context, policy, false).context);
}

/**
 * `{ ...defaults, ...ambient, ...own }`, spelt out (about a fifth of the
 * spread's time): `own`, as both parsers build it, holds only the four
 * context fields, in this order, and a field it holds (even as `undefined`)
 * replaces the one beneath, where that one stood.
 */
function layerContext(
  defaults: RequestContext,
  ambient: RequestContext | undefined,
  own: RequestContext,
): RequestContext {
  const context = ambient === undefined ? { ...defaults } : { ...defaults, ...ambient };
  if ('jurisdiction' in own) context.jurisdiction = own.jurisdiction;
  if ('dataClass' in own) context.dataClass = own.dataClass;
  if ('tenant' in own) context.tenant = own.tenant;
  if ('tags' in own) context.tags = own.tags;
  return context;
}
