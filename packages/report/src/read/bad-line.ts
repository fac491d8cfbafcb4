/** A line of a records file that is not a valid decision record. */
export interface BadLine {
  /** The file path or stream name. */
  readonly source: string;
  /** 1-based line number in that source. */
  readonly line: number;
  /** What was wrong: `invalid JSON: ...` or `<path>: <what was expected>`. */
  readonly message: string;
}
