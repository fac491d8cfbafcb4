import { readFile, rm } from 'node:fs/promises';
import { DecisionRecordSchema } from '@switchyard/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runAgainstSimulators } from './run-against-simulators.js';

const records = '.switchyard/records.jsonl';
let stop: (() => Promise<void>) | undefined;

afterAll(async () => {
  await stop?.();
});

describe('the README example', () => {
  // Starts the simulators and loads the router: 8 s on a busy machine.
  it('runs against the simulators and writes its decision records on close', {
    timeout: 60_000,
  }, async () => {
    await rm(records, { force: true });
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: string) => {
      lines.push(line);
    });
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      stop = await runAgainstSimulators();
    } finally {
      log.mockRestore();
      write.mockRestore();
    }
    // EU regulated data stays in the EU (eu-data-residency pack): the Mistral target serves.
    expect(lines[0]).toMatch(/^DE, regulated: served by eu-mistral: \S/);
    expect(lines[1]).toMatch(/US: served by anthropic-claude$/);
    const written = (await readFile(records, 'utf8')).trim().split('\n');
    expect(written).toHaveLength(2);
    expect(written.map((line) => DecisionRecordSchema.parse(JSON.parse(line)).servedBy)).toEqual([
      'eu-mistral',
      'anthropic-claude',
    ]);
  });

  it('is exactly the code the README shows', async () => {
    const code = await readFile(new URL('./quickstart.ts', import.meta.url), 'utf8');
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${code}\`\`\``);
  });
});
