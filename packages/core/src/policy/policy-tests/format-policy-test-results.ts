import type { LocatedDocument } from '../../config/parse-document.js';
import type { PolicyTestMismatch, PolicyTestResult } from './run-policy-tests.js';

function expectedText(mismatch: PolicyTestMismatch): string {
  const verdict = mismatch.expected.allowed ? 'allowed' : 'DENIED';
  const rules = mismatch.expected.ruleIds;
  if (rules === undefined) return verdict;
  return rules.length === 0
    ? `${verdict} (no rule: the policy default)`
    : `${verdict} by ${rules.join(', ')}`;
}

function actualText(mismatch: PolicyTestMismatch): string {
  const { actual } = mismatch;
  const verdict = actual.allowed ? 'allowed' : 'DENIED';
  return actual.ruleIds.length === 0
    ? `${verdict} (${actual.effect}: ${actual.reason})`
    : `${verdict} by ${actual.ruleIds.join(', ')}`;
}

/**
 * Policy test results as text: one `ok` line per passing case, and for a
 * failing one its position and a diff per target (`-` expected, `+` actual),
 * then a summary line.
 *
 * @param options.results the results.
 * @param options.document the test file, to locate failing cases.
 */
export function formatPolicyTestResults(options: {
  results: readonly PolicyTestResult[];
  document: LocatedDocument;
}): string {
  const lines: string[] = [];
  for (const result of options.results) {
    if (result.passed) {
      lines.push(`ok   ${result.name}`);
      continue;
    }
    const position = options.document.locate(['cases', result.index]);
    lines.push(
      `FAIL ${result.name} (${options.document.file}${position ? `:${position.line}:${position.column}` : ''} cases[${result.index}])`,
    );
    for (const mismatch of result.mismatches) {
      lines.push(`  - ${mismatch.targetId}: ${expectedText(mismatch)}`);
      lines.push(`  + ${mismatch.targetId}: ${actualText(mismatch)}`);
    }
  }
  const failed = options.results.filter((result) => !result.passed).length;
  lines.push(
    failed === 0
      ? `policy tests: all ${options.results.length} cases hold`
      : `policy tests: ${failed} of ${options.results.length} cases fail`,
  );
  return lines.join('\n');
}
