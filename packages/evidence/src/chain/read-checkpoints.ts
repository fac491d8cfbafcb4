import type { KeyObject } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { type Checkpoint, CheckpointSchema, checkpointHash, checkpointSignatureValid } from './checkpoint.js';
import { readLines } from './read-lines.js';

/** A checkpoint as read, with where it is. */
export interface ReadCheckpoint {
  readonly checkpoint: Checkpoint;
  /** 1-based line in the checkpoints file. */
  readonly line: number;
}

/** The first problem with a checkpoints file: which line, and what. */
export interface CheckpointProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Reads a checkpoints file and checks it whole: every line a checkpoint,
 * signed by `publicKey` (the log's key id), numbered from 0, each naming the
 * hash of the one before, and their intervals contiguous from `seq` 0.
 *
 * @returns the checkpoints, or the first problem (a missing file is no checkpoints).
 */
export async function readCheckpoints(options: {
  path: string;
  publicKey: KeyObject;
  keyId: string;
}): Promise<{ checkpoints: ReadCheckpoint[]; problem?: CheckpointProblem }> {
  const checkpoints: ReadCheckpoint[] = [];
  try {
    await stat(options.path);
  } catch {
    return { checkpoints };
  }
  let previous: Checkpoint | undefined;
  for await (const batch of readLines({ path: options.path })) {
    for (const { bytes, line } of batch.lines) {
      let value: unknown;
      try {
        // A byte order mark before the line (a file saved by an editor) is not part of the checkpoint.
        value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
      } catch {
        return { checkpoints, problem: { line, message: 'not JSON: the line was modified' } };
      }
      const parsed = CheckpointSchema.safeParse(value);
      if (!parsed.success)
        return {
          checkpoints,
          problem: { line, message: 'not a checkpoint: the line was modified or inserted' },
        };
      const checkpoint = parsed.data;
      if (checkpoint.log !== options.keyId)
        return {
          checkpoints,
          problem: {
            line,
            message: `signed by another key (log ${checkpoint.log}, expected ${options.keyId})`,
          },
        };
      if (!checkpointSignatureValid(checkpoint, options.publicKey))
        return {
          checkpoints,
          problem: { line, message: 'its signature does not verify: the checkpoint was modified' },
        };
      const expectedIndex = previous === undefined ? 0 : previous.index + 1;
      const expectedFrom = previous === undefined ? 0 : previous.from + previous.size;
      const expectedPrevious = previous === undefined ? undefined : checkpointHash(previous);
      if (checkpoint.index !== expectedIndex || checkpoint.previous !== expectedPrevious)
        return {
          checkpoints,
          problem: {
            line,
            message:
              checkpoint.index > expectedIndex
                ? `checkpoint ${expectedIndex} is missing (this is checkpoint ${checkpoint.index}): checkpoints were removed`
                : `checkpoint ${checkpoint.index} does not follow checkpoint ${expectedIndex - 1}: reordered or inserted`,
          },
        };
      if (checkpoint.from !== expectedFrom)
        return {
          checkpoints,
          problem: {
            line,
            message: `its interval starts at seq ${checkpoint.from}, expected ${expectedFrom}`,
          },
        };
      checkpoints.push({ checkpoint, line });
      previous = checkpoint;
    }
    if (batch.partialLast)
      return {
        checkpoints,
        problem: { line: batch.lines[0]?.line ?? 0, message: 'the last line is incomplete' },
      };
  }
  return { checkpoints };
}
