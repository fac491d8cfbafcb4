import type { LanguageModelV4CallOptions, LanguageModelV4StreamResult } from '@ai-sdk/provider';
import type { AttemptStart } from '../attempt/attempt-outcome.js';
import { runCandidates } from '../attempt/run-candidates.js';
import type { PreparedRoute, PreparedTarget } from '../prepare/prepared-target.js';
import { startRequest } from '../request/start-request.js';
import type { RouterState } from '../router-state.js';
import { type OpenedStream, openStreamAttempt } from './open-stream-attempt.js';
import { ServedStream } from './served-stream.js';

/** A served stream tells the breaker how it went when it ends (one options object for every call). */
const servedAtEnd = { successAtEnd: true } as const;

/**
 * `doStream` of a route: starts the request, runs the candidates until one
 * opens a stream with content ({@link openStreamAttempt}: the fallback
 * window), then hands the caller a {@link ServedStream} over it.
 */
export async function routeStream(
  state: RouterState,
  route: PreparedRoute,
  callOptions: LanguageModelV4CallOptions,
): Promise<LanguageModelV4StreamResult> {
  const request = startRequest(state, route, callOptions, 'stream');
  let opened: { entry: PreparedTarget; value: OpenedStream; start: AttemptStart };
  try {
    opened = await runCandidates(state, request, openStreamAttempt, servedAtEnd);
  } catch (error) {
    request.signal.dispose();
    throw error;
  }
  const { entry, value, start } = opened;
  const upstream = value.upstream;
  return {
    stream: ServedStream.stream(
      new ServedStream(state, request, entry, value, start, { midStream: request.midStream }),
    ),
    ...(upstream.request ? { request: upstream.request } : {}),
    ...(upstream.response ? { response: upstream.response } : {}),
  };
}
