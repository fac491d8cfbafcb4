// Adds up the JSON results every package's vitest run wrote and prints the
// closing line CI reads: "tests: N passed, N failed, N skipped".
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
for (const folder of folders) {
  const file = join(folder, '.vitest-results', 'results.json');
  if (!existsSync(file)) continue;
  const result = JSON.parse(readFileSync(file, 'utf8'));
  packages += 1;
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
if (packages === 0) {
  console.error('tests: no test results were found; did any test run?');
  process.exit(1);
}
console.log(`\nacross ${packages} workspace packages`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
