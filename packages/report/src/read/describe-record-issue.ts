import {
  DecisionRecordSchema,
  describeSchemaIssues,
  formatDocumentPath,
  problemText,
} from '@switchyard/core';
import type { z } from 'zod';

/**
 * What is wrong with a line that is not a decision record, in the words of
 * config errors: `attempts[0].provider: required; expected text (and 2 more)`.
 *
 * @param error what `DecisionRecordSchema.safeParse` of the line found.
 * @param value the line's parsed JSON.
 */
export function describeRecordIssue(error: z.ZodError, value: unknown): string {
  const version = schemaVersionIssue(value);
  if (version !== undefined) return version;
  const issue = error.issues[0];
  if (!issue) return 'not a decision record';
  const [problem] = describeSchemaIssues({ issue, schema: DecisionRecordSchema, value });
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  if (!problem) return `not a decision record${more}`;
  const path = problem.path.length === 0 ? '(record)' : formatDocumentPath(problem.path);
  return `${path}: ${problemText(problem)}${more}`;
}

/** The schema versions of decision records this reader knows. */
const knownVersions = [1, 2];

/**
 * A line whose `schemaVersion` is missing or unknown, said as such: a file
 * that is not decision records, or records a newer Switchyard wrote (the
 * union of versions alone would say "one of the forms this field takes").
 */
function schemaVersionIssue(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (typeof version === 'number' && knownVersions.includes(version)) return undefined;
  const expected = `expected ${knownVersions.join(' or ')}`;
  if (version === undefined)
    return `schemaVersion: required; ${expected} (a decision record names its schema version: is this a records file? jsonlSink and switchyard drill write records.jsonl)`;
  if (typeof version === 'number' && Number.isInteger(version) && version > Math.max(...knownVersions))
    return `schemaVersion: got ${version}; ${expected} (a newer Switchyard wrote this record: read it with that version)`;
  // The kind of value only: a string could be any length, or hold what is not ours to print.
  const got = typeof version === 'number' ? String(version) : version === null ? 'null' : typeof version;
  return `schemaVersion: got ${got}; ${expected}`;
}
