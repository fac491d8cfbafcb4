import { Llama, LlamaLogLevel, LlamaLogLevelGreaterThanOrEqual } from 'node-llama-cpp';

/** The last error lines llama.cpp logged, numbered: its reason for refusing a file is only there. */
const recent: { readonly number: number; readonly message: string }[] = [];
const kept = 16;
let logged = 0;

/**
 * The logger of every llama.cpp binding of this package: prints as node-llama-cpp does by
 * default, and keeps the last errors, so a model llama.cpp refuses (`Failed to load model`) fails
 * with llama.cpp's own reason (see {@link llamaErrorsSince}).
 *
 * @param level the log level.
 * @param message the line.
 */
export function rememberLlamaLog(level: LlamaLogLevel, message: string): void {
  Llama.defaultConsoleLogger(level, message);
  if (!LlamaLogLevelGreaterThanOrEqual(level, LlamaLogLevel.error)) return;
  recent.push({ number: ++logged, message: message.trim() });
  if (recent.length > kept) recent.shift();
}

/**
 * A mark to pass to {@link llamaErrorsSince}.
 *
 * @returns the number of errors logged so far.
 */
export function llamaLogMark(): number {
  return logged;
}

/**
 * The errors llama.cpp logged after `mark` (another model loading at the same time may add its
 * own), joined; empty when there were none.
 *
 * @param mark from {@link llamaLogMark}.
 * @returns the lines, separated by `; `.
 */
export function llamaErrorsSince(mark: number): string {
  return recent
    .filter((entry) => entry.number > mark)
    .map((entry) => entry.message)
    .join('; ');
}
