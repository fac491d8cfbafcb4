import { type KeyObject, sign, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.js';
import { leafHash } from './tree-hash.js';

/** The `type` of a checkpoint line (the format's version). */
export const checkpointType = 'switchyard.checkpoint/1';

/**
 * A signed checkpoint over one interval of a tamper-evident records log: the
 * RFC 6962 Merkle root of the interval's record hashes, the hash of the last
 * record so far, the hash of the checkpoint before (so none can be removed
 * unseen), and the digests of the basis documents written in the interval,
 * signed with Ed25519 over the canonical JSON of every other field.
 */
export const CheckpointSchema = z
  .object({
    /** Always `switchyard.checkpoint/1`. */
    type: z.literal(checkpointType),
    /** The signing key's id: base64url SHA-256 of its SPKI DER encoding. */
    log: z.string(),
    /** Position of this checkpoint in the log's checkpoints, from 0. */
    index: z.number().int().nonnegative(),
    /** `seq` of the interval's first record (the previous checkpoint's `from + size`). */
    from: z.number().int().nonnegative(),
    /** Records in the interval (0 when only basis documents were written). */
    size: z.number().int().nonnegative(),
    /** RFC 6962 Merkle Tree Hash (base64url) of the interval's record hashes, in `seq` order. */
    root: z.string(),
    /** Hash (base64url) of the log's last record so far; absent before the first record. */
    head: z.string().optional(),
    /** Hash (base64url) of the previous checkpoint's line (its RFC 6962 leaf hash); absent for the first. */
    previous: z.string().optional(),
    /** SHA-256 leaf hashes (base64url) of the basis documents' lines written in the interval, in order. */
    basis: z.array(z.string()).optional(),
    /** When it was written (ISO 8601, the writer's clock). */
    time: z.string(),
    /** Ed25519 signature (base64url) over the canonical JSON of every other field. */
    signature: z.string(),
  })
  .strict();

/** A signed checkpoint. */
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** A checkpoint before it is signed. */
export type UnsignedCheckpoint = Omit<Checkpoint, 'signature'>;

/** The bytes a checkpoint's signature covers: the canonical JSON of every field but the signature. */
function signedBytes(checkpoint: UnsignedCheckpoint): Buffer {
  const { signature: _signature, ...fields } = checkpoint as Checkpoint;
  return Buffer.from(canonicalJson(fields));
}

/**
 * Signs a checkpoint with an Ed25519 private key.
 *
 * @returns the checkpoint with its `signature`.
 */
export function signCheckpoint(checkpoint: UnsignedCheckpoint, privateKey: KeyObject): Checkpoint {
  return {
    ...checkpoint,
    signature: sign(null, signedBytes(checkpoint), privateKey).toString('base64url'),
  };
}

/** Whether `checkpoint`'s signature is valid under `publicKey`. */
export function checkpointSignatureValid(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return verify(null, signedBytes(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64url'));
  } catch {
    return false;
  }
}

/** A checkpoint's line in the checkpoints file: its canonical JSON, newline-terminated. */
export function checkpointLine(checkpoint: Checkpoint): string {
  return `${canonicalJson(checkpoint)}\n`;
}

/** The hash the next checkpoint's `previous` names: the leaf hash of this one's canonical JSON. */
export function checkpointHash(checkpoint: Checkpoint): string {
  return leafHash(Buffer.from(canonicalJson(checkpoint)));
}
