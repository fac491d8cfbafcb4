import type { SharedV4ProviderOptions } from '@ai-sdk/provider';
import {
  type CompiledPolicy,
  type MidStreamMode,
  midStreamModes,
  type RequestContext,
  RequestContextSchema,
  safeParseRequestContext,
} from '@switchyard/core';
import { z } from 'zod';
import { RequestOptionsError } from '../errors/request-options-error.js';

/** Options a request may give in `providerOptions.switchyard`. */
export const RequestOptionsSchema = RequestContextSchema.extend({
  /** Deadline of this call, in ms (overrides the router's). */
  deadlineMs: z.number().int().positive().optional().describe('Deadline of this call, in ms'),
  /** What a stream that fails after content reached the caller does (overrides the route's): `continue` or `error`. */
  midStream: z
    .enum(midStreamModes)
    .optional()
    .describe('continue (finish the answer on the next candidate) or error, after a mid-stream failure'),
}).strict();

/**
 * The context, deadline and mid-stream mode of one request:
 * `providerOptions.switchyard` over the ambient context (`router.withContext`)
 * over the config's default (the deadline and mode over the route's and the
 * router's). The one place per-request options are parsed: a shared
 * validator plugs in here. With no `providerOptions.switchyard`, nothing is
 * parsed (the hot path).
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
  // The one per-request validator, shared with `switchyard explain`.
  const parsed = safeParseRequestContext({
    input: given,
    policy: options.policy,
    schema: RequestOptionsSchema,
  });
  if (!parsed.success) throw new RequestOptionsError({ issues: parsed.issues });
  const { deadlineMs, midStream, ...context } = parsed.data;
  return {
    context: { ...options.defaults, ...options.ambient, ...context },
    deadlineMs: deadlineMs ?? options.deadlineMs,
    midStream: midStream ?? options.midStream ?? 'continue',
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
  const parsed = safeParseRequestContext({ input: context, policy });
  if (!parsed.success) throw new RequestOptionsError({ issues: parsed.issues });
  return { ...defaults, ...parsed.data };
}
