/** What a verification found first. */
export interface TamperFinding {
  /**
   * `modified` (a record is not what was signed), `removed`, `reordered`,
   * `inserted`, `rewritten` (an interval's records link up but do not match
   * its signed root: the chain was recomputed, the first changed record
   * cannot be named), `checkpoint` (the checkpoints file itself), or `basis`
   * (a basis document is not one a checkpoint signed).
   */
  readonly kind: 'modified' | 'removed' | 'reordered' | 'inserted' | 'rewritten' | 'checkpoint' | 'basis';
  /** The position in the log (`seq`) of the first record that is not as written, when it has one. */
  readonly seq?: number;
  /** The file where it was found. */
  readonly file: string;
  /** 1-based line in that file (0: its end). */
  readonly line: number;
  /** What, in one sentence. */
  readonly message: string;
}

/** What {@link verifyRecords} found. */
export interface VerifyReport {
  /** True when nothing was found. */
  readonly ok: boolean;
  /** Record lines read. */
  readonly records: number;
  /** Records covered by a signed checkpoint, and verified. */
  readonly signed: number;
  /** Chained records after the last checkpoint: linked, not yet signed (their removal from the end cannot be told). */
  readonly unsigned: number;
  /** Checkpoints read and verified. */
  readonly checkpoints: number;
  /** Basis documents verified (with a basis file). */
  readonly basis: number;
  /** Bytes of records read. */
  readonly bytes: number;
  /** The first thing found, when not `ok`. */
  readonly finding?: TamperFinding;
}
