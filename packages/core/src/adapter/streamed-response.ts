import type { SharedV4Headers } from '@ai-sdk/provider';

/**
 * The `response` of a streamed call (`doStream`'s): its headers as a plain
 * object, copied when first read. Who reads a stream's parts and never its
 * headers (a router serving it, a drill) does not pay for the copy (Node
 * sorts a `Headers` for each walk through it); whoever reads them, spreads
 * the object or writes it as JSON gets the same copy every time (`headers`
 * is an own enumerable property).
 *
 * @param headers the response's headers.
 * @returns `{ headers }`, copied on first read.
 * @example
 * ```ts
 * return { stream, request: { body }, response: streamedResponse(response.headers) };
 * ```
 */
export function streamedResponse(headers: Headers): { readonly headers: SharedV4Headers } {
  let copy: SharedV4Headers | undefined;
  return {
    get headers(): SharedV4Headers {
      copy ??= Object.fromEntries(headers);
      return copy;
    },
  };
}
