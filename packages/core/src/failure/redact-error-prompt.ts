import { redactQuotedText } from './redact-quoted-text.js';

/** What replaces the request an error holds as sent (an AI SDK `APICallError`'s `requestBodyValues`). */
export const requestBodyMarker = '[request body not kept: set recordPrompts to keep it]';

/** How deep into an error's properties, causes and plain objects the redaction reads. */
const maxDepth = 8;

/** The properties of an error that hold the request as sent: replaced whole, not searched. */
const requestBodyKeys: ReadonlySet<PropertyKey> = new Set(['requestBodyValues']);

function isError(value: object): boolean {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** One redaction of one value: every object copied at most once (shared and cyclic references kept). */
class ErrorRedaction {
  readonly #sources: readonly string[];
  readonly #done = new Map<object, unknown>();

  constructor(sources: readonly string[]) {
    this.#sources = sources;
  }

  value(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return redactQuotedText(value, this.#sources);
    if (typeof value !== 'object' || value === null || depth > maxDepth) return value;
    const done = this.#done.get(value);
    if (done !== undefined) return done;
    // A reference back to an object being read stays as it is (its copy does not exist yet).
    this.#done.set(value, value);
    let result: unknown = value;
    if (isError(value)) result = this.#error(value, depth);
    else if (Array.isArray(value)) result = this.#array(value, depth);
    else if (isPlainObject(value)) result = this.#object(value, depth);
    this.#done.set(value, result);
    return result;
  }

  #array(array: readonly unknown[], depth: number): unknown {
    let copy: unknown[] | undefined;
    for (let index = 0; index < array.length; index++) {
      const item = array[index];
      const redacted = this.value(item, depth + 1);
      if (redacted !== item) {
        copy ??= array.slice();
        copy[index] = redacted;
      }
    }
    return copy ?? array;
  }

  #object(object: object, depth: number): unknown {
    let copy: Record<PropertyKey, unknown> | undefined;
    for (const key of Reflect.ownKeys(object)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (descriptor === undefined || !('value' in descriptor)) continue;
      const redacted =
        requestBodyKeys.has(key) && descriptor.value !== undefined
          ? requestBodyMarker
          : this.value(descriptor.value, depth + 1);
      if (redacted !== descriptor.value) {
        copy ??= Object.assign(Object.create(Object.getPrototypeOf(object)), object);
        (copy as Record<PropertyKey, unknown>)[key] = redacted;
      }
    }
    return copy ?? object;
  }

  /**
   * A copy of the error, of its class (same prototype, every own property, its
   * `isInstance` markers too), with its strings redacted and its request body
   * replaced; the error itself when nothing in it changes.
   */
  #error(error: object, depth: number): unknown {
    const descriptors: [PropertyKey, PropertyDescriptor][] = [];
    let changed = false;
    for (const key of Reflect.ownKeys(error)) {
      const descriptor = Object.getOwnPropertyDescriptor(error, key) as PropertyDescriptor;
      if (key === 'stack') {
        // Node's `stack` is an accessor bound to the error it was captured for: kept as its text.
        const stack = (error as { stack?: unknown }).stack;
        const redacted = this.value(stack, depth + 1);
        if (redacted !== stack) changed = true;
        descriptors.push([
          key,
          { value: redacted, writable: true, enumerable: descriptor.enumerable === true, configurable: true },
        ]);
        continue;
      }
      if (!('value' in descriptor)) {
        descriptors.push([key, descriptor]);
        continue;
      }
      const redacted =
        requestBodyKeys.has(key) && descriptor.value !== undefined
          ? requestBodyMarker
          : this.value(descriptor.value, depth + 1);
      if (redacted !== descriptor.value) changed = true;
      descriptors.push([key, { ...descriptor, value: redacted }]);
    }
    if (!Object.hasOwn(error, 'message')) {
      // A message its class computes (a DOMException's): it cannot be copied, so a plain Error says it.
      const message = (error as { message?: unknown }).message;
      const redacted = this.value(message, depth + 1);
      if (redacted !== message) {
        const plain = new Error(String(redacted));
        plain.name = String((error as { name?: unknown }).name ?? 'Error');
        plain.stack = `${plain.name}: ${plain.message}`;
        return plain;
      }
    }
    if (!changed) return error;
    const copy: object = Object.create(Object.getPrototypeOf(error));
    for (const [key, descriptor] of descriptors) Object.defineProperty(copy, key, descriptor);
    return copy;
  }
}

/**
 * An error without the prompt it may hold: a copy of the same class (its
 * prototype, every own property, so `APICallError.isInstance` and
 * `instanceof` still hold, with the same `statusCode`, `url`, headers and
 * `isRetryable`) in which the request as sent (`requestBodyValues`) is
 * {@link requestBodyMarker}, and every string (the message, the stack, the
 * response body, strings inside `data`, the `cause` and its own) has each run
 * of the prompt's text it quotes replaced as {@link redactQuotedText} does.
 * Errors, arrays and plain objects are read down to 8 levels; other objects
 * (headers, a `Response`) are kept as they are. What nothing in it quotes is
 * returned as is, the same value.
 *
 * @param error what a provider threw (any value).
 * @param sources the prompt's texts ({@link promptTexts}).
 * @returns `error`, or its redacted copy.
 * @example
 * ```ts
 * const safe = redactErrorPrompt(error, promptTexts(callOptions.prompt));
 * console.error(safe); // no requestBodyValues, no quote of the prompt
 * ```
 */
export function redactErrorPrompt(error: unknown, sources: readonly string[]): unknown {
  return new ErrorRedaction(sources).value(error, 0);
}
