import { z } from 'zod';
import { ConfigSchema } from './config-schema.js';

/**
 * The JSON Schema of a config file, generated from {@link ConfigSchema} (the
 * file `@switchyard/core/schema/switchyard.schema.json` is this, written by
 * `pnpm --filter @switchyard/core schema`). Editors complete YAML with it:
 * put `# yaml-language-server: $schema=<path to it>` on the first line.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
