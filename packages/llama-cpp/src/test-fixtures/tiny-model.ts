import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyGguf } from '../testing/write-tiny-gguf.js';

/** A temporary folder with the default tiny model in it; `remove` deletes the folder. */
export async function tinyModelDir(): Promise<{ dir: string; path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-llama-cpp-'));
  const { path } = await writeTinyGguf({ path: join(dir, 'tiny.gguf') });
  return { dir, path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A one-message user prompt. */
export function userPrompt(text: string) {
  return [{ role: 'user' as const, content: [{ type: 'text' as const, text }] }];
}

/**
 * Writes `deep.gguf` in `dir`: a tiny model of three 64-wide blocks. What a layer passes on to the
 * next depends on how its batch was evaluated, so the bit-exactness tests see a cut inside a batch.
 */
export function writeDeepTinyGguf(dir: string): Promise<{ path: string }> {
  return writeTinyGguf({
    path: join(dir, 'deep.gguf'),
    seed: 3,
    blockCount: 3,
    embeddingLength: 64,
    headCount: 4,
  });
}
