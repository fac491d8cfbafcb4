import { z } from 'zod';

/**
 * A record's place in a tamper-evident log (the JSONL sink's `chain`
 * option): its sequence number and the hash of the record before it.
 */
export const ChainLinkSchema = z
  .object({
    /** Position in the log, from 0, across file rotation. */
    seq: z.number().int().nonnegative(),
    /**
     * SHA-256 (base64url) of the previous record's RFC 8785 canonical JSON,
     * as an RFC 6962 leaf hash (`SHA-256(0x00 || bytes)`); absent for the
     * first record of a log.
     */
    prev: z.string().optional(),
  })
  .strict();

/** A record's place in a tamper-evident log. */
export type ChainLink = z.infer<typeof ChainLinkSchema>;
