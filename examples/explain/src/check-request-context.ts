import { readFile } from 'node:fs/promises';
import { compileConfigPolicy, parseConfig, safeParseRequestContext } from '@switchyard/core';

/**
 * Checks request contexts against the example config exactly as the router
 * checks `providerOptions.switchyard` (and `switchyard explain` its options):
 * a lower-case or made-up jurisdiction, or an undeclared data class, is
 * refused with the closest valid value instead of being treated as some
 * other caller.
 */
export async function checkRequestContexts(
  contexts: readonly Record<string, unknown>[],
): Promise<{ context: Record<string, unknown>; accepted: boolean; issues: readonly string[] }[]> {
  const file = new URL('../../config/switchyard.yaml', import.meta.url);
  const config = parseConfig({ text: await readFile(file, 'utf8'), file: 'examples/config/switchyard.yaml' });
  const policy = compileConfigPolicy({ config });
  return contexts.map((context) => {
    const parsed = safeParseRequestContext({ input: context, policy });
    return { context, accepted: parsed.success, issues: parsed.success ? [] : parsed.issues };
  });
}
