import { type FieldPath, fieldPaths, withField } from './field-paths.js';

/** What {@link tallyHandCheck} found. */
export interface HandCheckTally {
  /** Copies the hand check accepted (and the schema accepted too). */
  readonly accepted: number;
  /** Copies the hand check left to the schema. */
  readonly rejected: number;
  /** Copies the hand check accepted but the schema rejects: must be none. */
  readonly wronglyAccepted: unknown[];
}

/**
 * Proves a hand check in front of a zod schema: sets each field of each
 * sample ({@link fieldPaths}, or `paths`; the empty path is the sample itself)
 * to each of `kinds`, runs the hand check on each copy, and asks
 * `schemaAccepts` about every copy it accepted. A hand check may leave
 * anything to the schema, but must never accept what the schema rejects.
 *
 * @param options.samples common wire values the hand check accepts.
 * @param options.kinds the values each field is set to (`undefined` removes the field).
 * @param options.handCheck the check: `undefined` means "left to the schema".
 * @param options.schemaAccepts whether the schema accepts a copy; gets what the hand check returned, to compare with the schema's output.
 * @param options.paths the fields to vary (default: every field of the sample).
 * @returns the counts, and the copies wrongly accepted.
 * @example
 * ```ts
 * const tally = tallyHandCheck({ samples, kinds, handCheck: plainPart, schemaAccepts: (v) => partSchema.safeParse(v).success });
 * expect(tally.wronglyAccepted).toEqual([]);
 * ```
 */
export function tallyHandCheck<Sample>(options: {
  samples: readonly Sample[];
  kinds: readonly unknown[];
  handCheck: (value: unknown) => unknown;
  schemaAccepts: (value: unknown, handChecked: unknown) => boolean;
  paths?: (sample: Sample) => readonly FieldPath[];
}): HandCheckTally {
  const { samples, kinds, handCheck, schemaAccepts } = options;
  let accepted = 0;
  let rejected = 0;
  const wronglyAccepted: unknown[] = [];
  for (const sample of samples) {
    for (const path of options.paths?.(sample) ?? fieldPaths(sample)) {
      for (const kind of kinds) {
        const candidate = path.length === 0 ? kind : withField(sample, path, kind);
        const handChecked = handCheck(candidate);
        if (handChecked === undefined) rejected++;
        else if (schemaAccepts(candidate, handChecked)) accepted++;
        else wronglyAccepted.push(candidate);
      }
    }
  }
  return { accepted, rejected, wronglyAccepted };
}
