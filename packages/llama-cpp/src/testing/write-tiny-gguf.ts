import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createTinyGguf, type TinyGgufOptions } from './create-tiny-gguf.js';

/**
 * Writes {@link createTinyGguf}'s model to `path` (creating its folder), for
 * tests, examples and drills that need a real `.gguf` file on disk. The same
 * options give the same bytes, so the file can be regenerated at will and
 * never needs committing.
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
  await writeFile(path, bytes);
  return { path, bytes: bytes.length };
}
