import { DecisionRecordSchema } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { describeRecordIssue } from './describe-record-issue.js';

const describeLine = (value: unknown) => {
  const parsed = DecisionRecordSchema.safeParse(value);
  if (parsed.success) throw new Error('expected a line that is not a decision record');
  return describeRecordIssue(parsed.error, value);
};

describe('describeRecordIssue', () => {
  it('says a line without a schema version may not be a records file, and which versions are known', () => {
    expect(describeLine({ kind: 'catalog', version: 'a196f02640204b5a' })).toBe(
      'schemaVersion: required; expected 1 or 2 (a decision record names its schema version: is this a records file? jsonlSink and switchyard drill write records.jsonl)',
    );
  });

  it('says a record of a newer schema version was written by a newer Switchyard', () => {
    expect(describeLine({ schemaVersion: 3, requestId: 'r' })).toBe(
      'schemaVersion: got 3; expected 1 or 2 (a newer Switchyard wrote this record: read it with that version)',
    );
  });

  it('names the kind of a schema version that is not a number, never its text', () => {
    expect(describeLine({ schemaVersion: 'sk-secret-key' })).toBe(
      'schemaVersion: got string; expected 1 or 2',
    );
  });

  it('leaves a known schema version to the field that is wrong', () => {
    expect(describeLine({ schemaVersion: 2 })).not.toContain('schemaVersion');
  });
});
