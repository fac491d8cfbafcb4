import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTinyGguf, type TinyGgufOptions } from '../testing/create-tiny-gguf.js';

// The worker runs every test file (`isolate: false`) and keeps this module: each distinct model is
// generated once per run and written again into the folder of each file that needs it.
const generated = new Map<string, Uint8Array>();

/** The bytes of `createTinyGguf(options)`, generated once per run. */
function tinyGgufBytes(options: TinyGgufOptions): Uint8Array {
  const key = JSON.stringify(options);
  let bytes = generated.get(key);
  if (bytes === undefined) {
    bytes = createTinyGguf(options);
    generated.set(key, bytes);
  }
  return bytes;
}

/** Bytes of the models this module keeps for the run (garbage collection looks past them). */
export function keptModelBytes(): number {
  let total = 0;
  for (const bytes of generated.values()) total += bytes.byteLength;
  return total;
}

/** A temporary folder with the default tiny model in it; `remove` deletes the folder. */
export async function tinyModelDir(): Promise<{ dir: string; path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-llama-cpp-'));
  const path = join(dir, 'tiny.gguf');
  await writeFile(path, tinyGgufBytes({}));
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
export async function writeDeepTinyGguf(dir: string): Promise<{ path: string }> {
  const path = join(dir, 'deep.gguf');
  await writeFile(path, tinyGgufBytes({ seed: 3, blockCount: 3, embeddingLength: 64, headCount: 4 }));
  return { path };
}
