import { readFile } from 'node:fs/promises';
import { compileConfigPolicy, parseConfig, type Verdict } from '@switchyard/core';

/**
 * Loads the example config and asks, for a caller in China, whether the
 * frontier model `openai-gpt` may serve the `chat` route the instant before
 * the 2026 export control takes effect, and at that instant.
 */
export async function explainExportControl(): Promise<{ before: Verdict; after: Verdict; lines: string[] }> {
  const file = new URL('../../config/switchyard.yaml', import.meta.url);
  const config = parseConfig({ text: await readFile(file, 'utf8'), file: 'examples/config/switchyard.yaml' });
  const policy = compileConfigPolicy({ config });
  const route = policy.forTargets(['openai-gpt', 'local-llama']);
  const effective = Date.parse('2026-06-25T00:00:00Z');
  const caller = { jurisdiction: 'CN', dataClass: 'internal' };
  const [before] = route.evaluate(caller, effective - 1);
  const [after] = route.evaluate(caller, effective);
  if (!before || !after) throw new Error('the route has no openai-gpt verdict');
  const lines = [
    `2026-06-24T23:59:59.999Z openai-gpt for CN: ${before.allowed ? 'allowed' : 'denied'} (${before.reason})`,
    `2026-06-25T00:00:00.000Z openai-gpt for CN: ${after.allowed ? 'allowed' : 'denied'} (${after.reason})`,
  ];
  return { before, after, lines };
}
