import { z } from 'zod';

/**
 * Who is asking. Arrives per request in `providerOptions.switchyard`, from
 * `router.withContext()`, or from the config's default.
 */
export const RequestContextSchema = z
  .object({
    /** Caller jurisdiction: ISO 3166-1 alpha-2 (`DE`). Unknown or absent is treated as restricted. */
    jurisdiction: z.string().min(1).optional().describe('Caller jurisdiction, ISO 3166-1 alpha-2'),
    /** Data class of the request, e.g. `public`, `internal`, `regulated`. */
    dataClass: z.string().min(1).optional().describe('Data class, e.g. public, internal, regulated'),
    /** Tenant id, matched by policy globs such as `gov-*`. */
    tenant: z.string().min(1).optional().describe('Tenant id'),
    /** Free-form tags policies can match. */
    tags: z.array(z.string().min(1)).optional().describe('Free-form tags'),
  })
  .strict();

/** Who is asking. */
export type RequestContext = z.infer<typeof RequestContextSchema>;
