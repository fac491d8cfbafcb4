import { z } from 'zod';

/**
 * The data classes a request may carry when the config declares none:
 * `public`, `internal`, `confidential`, `regulated`.
 */
export const defaultDataClasses: readonly string[] = Object.freeze([
  'public',
  'internal',
  'confidential',
  'regulated',
]);

/**
 * Who a config serves: the vocabulary requests and rules are checked
 * against. A data class or tenant a rule names that no caller can carry is
 * an error, and so is a request that carries an undeclared data class (it
 * would slip past every rule that names the real one).
 */
export const CallersSchema = z
  .object({
    /**
     * The caller jurisdictions this config serves (codes or groups). The
     * coverage map (`switchyard validate --coverage`) flags dead ends for
     * them, and `--strict` fails on one.
     */
    jurisdictions: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Caller jurisdictions this config serves: --strict fails on a dead end for them'),
    /** The data classes a request may carry; default `public`, `internal`, `confidential`, `regulated`. */
    dataClasses: z
      .array(z.string().min(1))
      .min(1)
      .default([...defaultDataClasses])
      .describe('Data classes a request may carry; default public, internal, confidential, regulated'),
    /** Known tenant ids; when given, every tenant glob in a rule must match one of them. */
    tenants: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Known tenant ids: every tenant glob in a rule must match one'),
  })
  .strict();

/** The callers block as written. */
export type CallersInput = z.input<typeof CallersSchema>;
/** The callers block, defaults applied. */
export type Callers = z.infer<typeof CallersSchema>;
