// Writes schema/switchyard.schema.json from the zod ConfigSchema, so editors complete YAML configs.
// Run with `pnpm --filter @switchyard/core schema`; a test fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config/config-json-schema.js';

const file = new URL('../schema/switchyard.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file.pathname}`);
