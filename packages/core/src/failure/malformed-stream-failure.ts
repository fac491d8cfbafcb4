import { invalidJsonMessage } from '../text/invalid-json.js';
import type { ClassifiedFailure } from './failure-kind.js';
import { redactSecrets } from './redact-secrets.js';

/** Longest excerpt of a malformed line kept in a failure, in characters. */
export const malformedLineLimit = 200;

/** JSON string values that carry model output (or the prompt): elided from an excerpt. */
const outputValuePattern =
  /("(?:content|text|arguments|partial_json|thinking|reasoning|reasoning_content|response|refusal)"\s*:\s*")((?:[^"\\]|\\.)*)("?)/g;

/**
 * The failure of a stream whose data could not be parsed (a chunk that is
 * not JSON, a cut event): `transient`, code `malformed_stream`, with the
 * offending line in the message so the record shows what arrived. The line
 * is cut to {@link malformedLineLimit} characters, secrets are removed
 * (`redactSecrets`), and the text of output fields (`content`, `text`,
 * `arguments`, ...) is replaced by its length: a record keeps the shape of
 * what broke, never the answer or the prompt.
 *
 * @param options.line the offending line as received (e.g. `data: {"choices": [{"delta": {"content": `), if known.
 * @param options.detail where or what it was (e.g. `event 12 is not JSON`).
 * @param options.json the text `JSON.parse` refused, when that was the failure: the
 *   detail then says where and what was expected in our own words (`at column 82:
 *   expected the closing double quote of the text, found the end of the data`,
 *   core's `jsonSyntaxError`), the same on every Node version, where V8's words
 *   change between versions (and so would a drill's records).
 * @param options.error what the parser threw (e.g. a `SyntaxError`): without `json`,
 *   its words are added to the detail, without the excerpt of the input V8 puts in some
 *   (`Unexpected token 'x', "{"a": x..." is not valid JSON`): the line, elided, says it.
 * @returns the failure.
 * @example
 * ```ts
 * malformedStreamFailure({ line: 'data: {"delta": {"content": "secret answer', detail: 'Unterminated string' }).message;
 * // 'malformed stream data (Unterminated string): data: {"delta": {"content": "[13 characters]'
 * ```
 */
export function malformedStreamFailure(options: {
  line?: string | undefined;
  detail?: string;
  json?: string;
  error?: unknown;
}): ClassifiedFailure {
  const words = [options.detail, jsonWords(options.json) ?? parserWords(options.error)].filter(
    (part) => part !== undefined,
  );
  const detail = words.length === 0 ? '' : ` (${redactSecrets(words.join(': '))})`;
  const line = options.line === undefined ? undefined : excerpt(options.line);
  return {
    kind: 'transient',
    code: 'malformed_stream',
    message: `malformed stream data${detail}${line === undefined ? '' : `: ${line}`}`,
  };
}

function excerpt(line: string): string {
  const elided = line.replace(
    outputValuePattern,
    (_match, key: string, value: string, end: string) => `${key}[${value.length} characters]${end}`,
  );
  const cut =
    elided.length > malformedLineLimit
      ? `${elided.slice(0, malformedLineLimit)}... (${elided.length} characters)`
      : elided;
  return redactSecrets(cut);
}

/** V8's quote of the input in a `JSON.parse` error: `, "{"a": x..." is not valid JSON` or `, ..."a": x..." is ...`. */
const inputQuotePattern = /, (?:\.\.\.)?".*$/s;

/** Where JSON text stops being JSON and what was expected there, without quoting it; `undefined` for JSON. */
function jsonWords(json: string | undefined): string | undefined {
  if (json === undefined) return undefined;
  const message = invalidJsonMessage({ text: json, end: 'the end of the data' });
  return message === 'invalid JSON' ? undefined : message.slice('invalid JSON '.length);
}

/** What a parser's error says, without V8's quote of the input (`, "..." is not valid JSON`). */
function parserWords(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const words = error.message.replace(inputQuotePattern, '');
  return words === error.message ? words : `${words}: not valid JSON`;
}
