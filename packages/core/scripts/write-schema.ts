// Writes schema/switchyard.schema.json (configs) and schema/switchyard.policy-tests.schema.json
// (policy tests) from their zod schemas, so editors complete YAML files.
// Run with `pnpm --filter @switchyard/core schema`; a test fails when a file is stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/config-json-schema.js';
import { policyTestsJsonSchema } from '../src/policy/policy-tests/policy-tests-json-schema.js';

for (const [name, schema] of [
  ['switchyard.schema.json', configJsonSchema()],
  ['switchyard.policy-tests.schema.json', policyTestsJsonSchema()],
] as const) {
  const file = new URL(`../schema/${name}`, import.meta.url);
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}
