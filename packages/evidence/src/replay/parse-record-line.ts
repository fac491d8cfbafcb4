import { type DecisionRecord, DecisionRecordSchema } from '@switchyard/core';
import { checkRecord } from '@switchyard/report';

/**
 * One line of a records file as a decision record (versions 1 and 2): the
 * report's fast check of the fields it reads, plus, for version 2, that the
 * `decision` block is an object with its order; zod only for a line that
 * fails, for a precise message.
 *
 * @returns the record, or what is wrong with the line.
 */
export function parseRecordLine(text: string): { record: DecisionRecord } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `invalid JSON: ${(error as Error).message}` };
  }
  if (checkRecord(value)) {
    const decision = (value as { decision?: unknown }).decision;
    if (value.schemaVersion === 1 && decision === undefined) return { record: value };
    if (
      value.schemaVersion === 2 &&
      typeof decision === 'object' &&
      decision !== null &&
      Array.isArray((decision as { order?: unknown }).order)
    )
      return { record: value };
  }
  const parsed = DecisionRecordSchema.safeParse(value);
  if (parsed.success) return { record: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return { error: issue ? `${path === '' ? '(record)' : path}: ${issue.message}` : 'not a decision record' };
}
