import { z } from 'zod';

/** How a route orders its eligible candidates. */
export const strategies = ['priority', 'cheapest', 'fastest', 'weighted', 'least-busy'] as const;

/** One of {@link strategies}. */
export type Strategy = (typeof strategies)[number];

/** What a stream that fails after content reached the caller does: finish the answer elsewhere, or end with an error. */
export const midStreamModes = ['continue', 'error'] as const;

/** One of {@link midStreamModes}. */
export type MidStreamMode = (typeof midStreamModes)[number];

/** A name the application asks for, with its candidates and strategy. */
export const RouteSchema = z
  .object({
    /** Candidate target ids, in priority order. */
    targets: z.array(z.string().min(1)).min(1).describe('Candidate target ids, in priority order'),
    /** How to order eligible candidates; `priority` keeps the listed order. */
    strategy: z
      .enum(strategies)
      .default('priority')
      .describe('priority, cheapest, fastest, weighted or least-busy'),
    /** For `weighted`: relative weight per target id (default 1). */
    weights: z
      .record(z.string(), z.number().nonnegative())
      .optional()
      .describe('Relative weight per target id'),
    /** Targets tried after every candidate, typically local open weights. */
    lastResort: z
      .array(z.string().min(1))
      .default([])
      .describe('Targets tried last, e.g. local open weights'),
    /**
     * What a stream that fails after content reached the caller does:
     * `continue` (the next allowed candidate finishes the same answer) or
     * `error` (the stream ends with an error). Absent: the router's
     * `midStream` option (default `continue`). A request may override it.
     */
    midStream: z
      .enum(midStreamModes)
      .optional()
      .describe('continue (finish the answer on the next candidate) or error, after a mid-stream failure'),
  })
  .strict();

/** A route as written. */
export type RouteInput = z.input<typeof RouteSchema>;
/** A validated route. */
export type Route = z.infer<typeof RouteSchema>;
