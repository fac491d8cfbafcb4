import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createTinyGguf, type TinyGgufOptions } from './create-tiny-gguf.js';

/**
 * Writes {@link createTinyGguf}'s model to `path` (creating its folder), for
 * tests, examples and drills that need a real `.gguf` file on disk. The same
 * options give the same bytes, so the file can be regenerated at will and
 * never needs committing. The file is replaced in one step (written beside it,
 * then renamed over it): a process that has the old file loaded (llama.cpp maps
 * it into memory) keeps reading the old one instead of crashing with `SIGBUS`
 * when it is rewritten under it, e.g. by a test while a drill runs.
 *
 * @param options.path where to write it, e.g. `.switchyard/models/tiny.gguf`.
 * @returns the path and the number of bytes written.
 * @example
 * ```ts
 * const { path } = await writeTinyGguf({ path: '.switchyard/models/tiny.gguf', seed: 7 });
 * const model = createLlamaCpp().languageModel(path);
 * ```
 */
export async function writeTinyGguf(
  options: TinyGgufOptions & { path: string },
): Promise<{ path: string; bytes: number }> {
  const { path, ...model } = options;
  const bytes = createTinyGguf(model);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path, bytes: bytes.length };
}
