// Adds up the JSON results every package's vitest run wrote and prints the
// closing line CI reads: "tests: N passed, N failed, N skipped", then any test file
// that failed without a failing test (it did not load).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const folders = ['packages', 'examples'].flatMap((group) =>
  existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => join(root, group, name)) : [],
);
folders.push(join(root, 'test'));

let passed = 0;
let failed = 0;
let skipped = 0;
let packages = 0;
const failedFiles = [];
for (const folder of folders) {
  const file = join(folder, '.vitest-results', 'results.json');
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  packages += 1;
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  // A file that fails to load (an import error) has no failed test, but it failed.
  for (const suite of result.testResults ?? []) {
    if (suite.status === 'failed') failedFiles.push(suite.name.replace(root, ''));
  }
}
if (packages === 0) {
  console.error('tests: no test results were found; did any test run?');
  process.exit(1);
}
console.log(`\nacross ${packages} workspace packages`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failedFiles.length > 0)
  console.log(`failed test files (${failedFiles.length}): ${failedFiles.join(', ')}`);
process.exit(failed > 0 || failedFiles.length > 0 ? 1 : 0);
