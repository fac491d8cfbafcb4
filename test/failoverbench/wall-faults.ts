/** The wall's faults by model name, and the error answers of those that are errors. */
import type { WallEntry, WallTiming } from './fault-wall.js';
import { connectionReset, errorResponse, silence } from './wall-transport.js';

/** What a model name makes the wall do. */
export type Behaviour =
  | 'ok'
  | 'ok_noprefill'
  | '429_retry_after_once'
  | '429_persistent'
  | '500_once'
  | '503_persistent'
  | 'reset_once'
  | 'no_response'
  | 'slow_ttft'
  | 'stream_cut'
  | 'stream_stall'
  | 'malformed_chunk'
  | 'no_done'
  | 'context_length'
  | 'content_filter'
  | 'flap'
  | 'region_block'
  | 'model_withdrawn'
  | 'key_revoked'
  | 'insufficient_quota';

const behaviours: Record<string, Behaviour> = {
  ok: 'ok',
  'ok-noprefill': 'ok_noprefill',
  s01: '429_retry_after_once',
  s02: '429_persistent',
  s03: '500_once',
  s04: '503_persistent',
  s05: 'reset_once',
  s06: 'no_response',
  s07: 'slow_ttft',
  s08: 'stream_cut',
  s09: 'stream_stall',
  s10: 'malformed_chunk',
  s11: 'no_done',
  s12: 'context_length',
  s13: 'content_filter',
  s14: 'stream_cut',
  s15: 'flap',
  s16: '503_persistent',
  b01: 'region_block',
  b02: 'model_withdrawn',
  b03: 'key_revoked',
  b04: 'insufficient_quota',
};

/** The behaviour of a model name: the `fb-<tag>` part after any provider prefix. */
export function behaviourOf(model: string): Behaviour | undefined {
  const name = model.split('/').at(-1)?.trim().toLowerCase() ?? '';
  if (!name.startsWith('fb-')) return undefined;
  const rest = name.slice(3);
  return behaviours[rest] ?? behaviours[rest.split('-')[0] ?? ''];
}

/** A fault the wall answers with an error or silence; undefined when the answer is to be sent (maybe with a stream fault). */
export function faultResponse(options: {
  behaviour: Behaviour;
  model: string;
  /** Attempts on this model since the reset, this one included. */
  attempt: number;
  /** Seconds since the reset. */
  now: number;
  timing: WallTiming;
  entry: WallEntry;
  signal: AbortSignal | undefined;
}): Response | Promise<Response> | undefined {
  const { behaviour, model, attempt, timing, entry, signal } = options;
  switch (behaviour) {
    case '429_retry_after_once':
      if (attempt === 1) {
        entry.action = `429 retry-after=${timing.retryAfterS}`;
        return errorResponse(
          429,
          `Rate limit reached for ${model}. Please retry after ${timing.retryAfterS} seconds.`,
          'rate_limit_error',
          'rate_limit_exceeded',
          { 'retry-after': String(timing.retryAfterS) },
        );
      }
      break;
    case '429_persistent':
      entry.action = '429';
      return errorResponse(
        429,
        `Rate limit reached for ${model}.`,
        'rate_limit_error',
        'rate_limit_exceeded',
      );
    case '500_once':
      if (attempt === 1) {
        entry.action = '500';
        return errorResponse(
          500,
          'The server had an error while processing your request.',
          'server_error',
          null,
        );
      }
      break;
    case '503_persistent':
      entry.action = '503';
      return errorResponse(
        503,
        'The engine is currently overloaded. Please try again later.',
        'server_error',
        'overloaded',
      );
    case 'reset_once':
      if (attempt === 1) {
        entry.action = 'tcp-reset';
        throw connectionReset();
      }
      break;
    case 'no_response':
      entry.action = `no-response ${timing.noResponseS}s`;
      return silence(timing.noResponseS * 1_000, signal);
    case 'context_length':
      entry.action = '400 context_length_exceeded';
      return errorResponse(
        400,
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9631 tokens. Please reduce the length of the messages.",
        'invalid_request_error',
        'context_length_exceeded',
      );
    case 'content_filter':
      entry.action = '400 content_policy_violation';
      return errorResponse(
        400,
        'Your request was rejected as a result of our safety system.',
        'invalid_request_error',
        'content_policy_violation',
      );
    case 'flap':
      if (options.now < timing.flapDownS) {
        entry.action = '503 (down window)';
        return errorResponse(
          503,
          'The engine is currently overloaded. Please try again later.',
          'server_error',
          'overloaded',
        );
      }
      entry.action = '200 (recovered)';
      break;
    case 'region_block':
      entry.action = '403 unsupported_country_region_territory';
      return errorResponse(
        403,
        'Country, region, or territory not supported',
        'request_forbidden',
        'unsupported_country_region_territory',
      );
    case 'model_withdrawn':
      entry.action = '404 model withdrawn';
      return errorResponse(
        404,
        `The model \`${model}\` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations`,
        'invalid_request_error',
        'model_not_found',
      );
    case 'key_revoked':
      entry.action = '401 invalid_api_key';
      return errorResponse(
        401,
        'Incorrect API key provided: sk-wall****. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      );
    case 'insufficient_quota':
      entry.action = '429 insufficient_quota';
      return errorResponse(
        429,
        'You exceeded your current quota, please check your plan and billing details.',
        'insufficient_quota',
        'insufficient_quota',
      );
    default:
      break;
  }
  return undefined;
}
