/**
 * The message of anything thrown, for a report: an `Error`'s `message`, a
 * string as it is, any other value as `String(value)` gives it; a value that
 * cannot be made a string (an object without a prototype, a `toString` that
 * throws, a revoked proxy) as its tag, e.g. `[object Object]`. Never throws:
 * code that reports what a hook, a listener, a sink or a model threw must not
 * fail on it.
 *
 * @param value what was thrown.
 * @returns its message.
 * @example
 * ```ts
 * thrownMessage(new Error('boom')); // 'boom'
 * thrownMessage(Object.create(null)); // '[object Object]'
 * ```
 */
export function thrownMessage(value: unknown): string {
  try {
    if (value instanceof Error) return String(value.message);
    return String(value);
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `a thrown ${typeof value}`;
    }
  }
}
