import type { Checkpoint } from '../chain/checkpoint.js';
import { canonicalLineHash } from '../chain/line-hash.js';
import { readLines } from '../chain/read-lines.js';
import { leafHash } from '../chain/tree-hash.js';
import type { TamperFinding } from './tamper-finding.js';

/**
 * Checks a basis documents file against the checkpoints: every line's
 * digest (leaf hash of its canonical JSON) is one a checkpoint signed, in
 * the order they were signed, and none a checkpoint signed is missing.
 *
 * @returns how many documents verified, and the first problem.
 */
export async function verifyBasis(options: {
  path: string;
  checkpoints: readonly Checkpoint[];
}): Promise<{ documents: number; finding?: TamperFinding }> {
  const signed = options.checkpoints.flatMap((checkpoint) => checkpoint.basis ?? []);
  let index = 0;
  let lastLine = 0;
  try {
    for await (const batch of readLines({ path: options.path })) {
      for (const { bytes, line } of batch.lines) {
        lastLine = line;
        const expected = signed[index];
        const raw = leafHash(bytes);
        const matches = raw === expected || canonicalLineHash(bytes) === expected;
        if (!matches) {
          const elsewhere = signed.indexOf(raw);
          return {
            documents: index,
            finding: {
              kind: 'basis',
              file: options.path,
              line,
              message:
                expected === undefined
                  ? `basis document at line ${line} is not covered by a signed checkpoint (inserted, or written after the last checkpoint)`
                  : elsewhere > index
                    ? `basis document ${index + 1} (signed) is missing before line ${line}: removed or reordered`
                    : `basis document at line ${line} is not the one a checkpoint signed: modified or inserted`,
            },
          };
        }
        index++;
      }
    }
  } catch (error) {
    return {
      documents: index,
      finding: {
        kind: 'basis',
        file: options.path,
        line: 0,
        message: `cannot read the basis file: ${(error as Error).message}`,
      },
    };
  }
  if (index < signed.length)
    return {
      documents: index,
      finding: {
        kind: 'basis',
        file: options.path,
        line: lastLine,
        message: `${signed.length - index} basis document(s) a checkpoint signed are missing from the end: removed`,
      },
    };
  return { documents: index };
}
