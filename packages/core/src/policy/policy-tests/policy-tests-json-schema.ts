import { z } from 'zod';
import { PolicyTestFileSchema } from './policy-test-schema.js';

/**
 * The JSON Schema of a policy tests file, generated from
 * {@link PolicyTestFileSchema} (`@switchyard/core/schema/switchyard.policy-tests.schema.json`).
 */
export function policyTestsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PolicyTestFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
