import { type DecisionRecord, DecisionRecordSchema, invalidJsonMessage } from '@switchyard/core';
import { checkRecord, describeRecordIssue, recordInconsistency } from '@switchyard/report';
import { checkReplayFields } from './check-replay-fields.js';

/**
 * One line of a records file as a decision record (versions 1 and 2): the
 * report's fast check of the fields it reads, then the fast check of what a
 * replay reads ({@link checkReplayFields}); zod for a line that fails
 * either (a record with fleet, budget or strategy state, or a bad one: for
 * a precise message), and then the report's consistency check (a cost or
 * duration past `maxRecordAmount`, whose sums would not be numbers).
 *
 * @returns the record, or what is wrong with the line.
 */
export function parseRecordLine(text: string): { record: DecisionRecord } | { error: string } {
  let value: unknown;
  // A byte order mark (an editor's, or files with one joined by `cat`) is not part of the record.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    value = JSON.parse(json);
  } catch {
    // Where and what, never the line's text: JSON.parse's own message quotes it, and it may hold a prompt.
    return { error: invalidJsonMessage({ text: json }) };
  }
  if (checkRecord(value) && checkReplayFields(value as unknown as Record<string, unknown>))
    return { record: value };
  const parsed = DecisionRecordSchema.safeParse(value);
  if (parsed.success) {
    const inconsistency = recordInconsistency(parsed.data);
    return inconsistency === undefined ? { record: parsed.data } : { error: inconsistency };
  }
  return { error: describeRecordIssue(parsed.error, value) };
}
