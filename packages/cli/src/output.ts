/** Where a command writes: stdout for results, stderr for errors and progress. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is an interactive terminal (live progress) or a pipe/CI (plain lines). */
  readonly interactive: boolean;
}

/** The process's own streams. */
export const processOutput: Output = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  get interactive() {
    return Boolean(process.stdout.isTTY) && !process.env.CI;
  },
};
