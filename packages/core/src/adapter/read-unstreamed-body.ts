import { readableMessage } from '../failure/readable-message.js';
import { callFailure, malformedResponse, type ProviderCall } from './provider-call.js';
import { mediaTypeOf, readJsonResponse } from './read-json-response.js';

/**
 * For a streamed call: when the server answered with something that is not a
 * stream (`application/json`, an HTML page, an empty body with a JSON type),
 * reads it (at most `maxBytes`) and returns the parsed JSON, so the adapter
 * can classify an `{"error": ...}` body served with status 200; returns
 * `undefined` for a stream (any other content type: some servers send
 * `text/plain` or none), which the caller then reads as one.
 *
 * @param response the response (2xx) of a streamed call.
 * @param options.call the call, for errors.
 * @param options.maxBytes the most bytes read.
 * @returns the JSON body, or `undefined` when the response is a stream.
 * @throws ProviderError (`malformed_response`) for an HTML page, an empty or non-JSON body.
 */
export async function readUnstreamedBody(
  response: Response,
  options: { call: ProviderCall; maxBytes?: number },
): Promise<unknown> {
  const mediaType = mediaTypeOf(response);
  if (mediaType !== 'application/json' && mediaType !== 'text/html') return undefined;
  return await readJsonResponse(response, { ...options, what: 'an event stream' });
}

/**
 * The failure of a streamed call answered with a JSON body that is neither a
 * stream nor an error the adapter recognises.
 */
export function notAStream(call: ProviderCall, body: unknown): Error {
  return callFailure(
    call,
    malformedResponse(
      `expected an event stream; got a JSON body: ${readableMessage(JSON.stringify(body) ?? '', { maxLength: 160 })}`,
    ),
  );
}
