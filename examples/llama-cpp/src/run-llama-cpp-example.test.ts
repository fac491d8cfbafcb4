import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLlamaCppExample } from './run-llama-cpp-example.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-example-llama-cpp-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('runLlamaCppExample', () => {
  // Loads the llama.cpp binding and runs real inference: 7 s on a busy machine.
  it('falls back from the cut-off hosted target to the in-process model, and cuts off a file that is not GGUF', {
    timeout: 60_000,
  }, async () => {
    const { lines } = await runLlamaCppExample({ dir });
    expect(lines[0]).toMatch(/^generateText served by local: "[\x20-\x7e]{10,}"$/);
    expect(lines.slice(1)).toEqual([
      '  attempts: hosted failure (cutoff), local success',
      '  finish length, 24 output tokens',
      'streamText served by local: 16 text deltas, finish length',
      'notes.gguf: cutoff (model_file_not_gguf) for the target',
    ]);
    // Greedy decoding: the same answer on every run.
    const again = await runLlamaCppExample({ dir });
    expect(again.lines).toEqual(lines);
  });
});
