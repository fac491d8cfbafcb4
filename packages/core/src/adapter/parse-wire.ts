import type { z } from 'zod';
import { readableMessage } from '../failure/readable-message.js';
import { callFailure, malformedResponse, type ProviderCall } from './provider-call.js';

function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path)
    text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  return text === '' ? '(the body)' : text;
}

/**
 * Checks a parsed body or stream event against the shape the adapter reads
 * from it (a lenient zod schema: the fields it uses, unknown fields allowed)
 * and returns the typed value, or throws a `ProviderError` of kind
 * `transient`, code `malformed_response`, naming the first field that is
 * wrong (`choices: expected array, received undefined`): never a raw
 * `TypeError` from reading a field of `undefined`.
 *
 * @param schema the shape.
 * @param value the parsed JSON.
 * @param options.call the call, for the error.
 * @param options.what what the value should be, for messages (`a Chat Completion chunk`).
 * @returns the value, typed.
 * @throws ProviderError (`malformed_response`).
 */
export function parseWire<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  options: { call: ProviderCall; what: string },
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined ? '(the body)' : pathText(issue.path);
  const detail = issue === undefined ? 'invalid' : issue.message.replace(/^Invalid input: /, '');
  throw callFailure(
    options.call,
    malformedResponse(
      `expected ${options.what}; ${where}: ${detail} (got ${readableMessage(JSON.stringify(value) ?? String(value), { maxLength: 160 })})`,
    ),
  );
}
