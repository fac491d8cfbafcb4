import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTinyGguf } from './create-tiny-gguf.js';
import { writeTinyGguf } from './write-tiny-gguf.js';

describe('writeTinyGguf', () => {
  const folder = mkdtemp(join(tmpdir(), 'switchyard-tiny-gguf-'));
  afterAll(async () => rm(await folder, { recursive: true, force: true }));

  it('replaces the file in one step: a process holding the old file keeps its bytes, no temporary file stays', async () => {
    const path = join(await folder, 'models', 'tiny.gguf');
    await writeTinyGguf({ path, seed: 7 });
    const held = await open(path, 'r'); // as llama.cpp holds (maps) a loaded model file
    try {
      await writeTinyGguf({ path, seed: 8 });
      const old = createTinyGguf({ seed: 7 });
      const seen = Buffer.alloc(old.length);
      await held.read(seen, 0, old.length, 0);
      expect(Buffer.compare(seen, Buffer.from(old))).toBe(0);
    } finally {
      await held.close();
    }
    expect(Buffer.compare(await readFile(path), Buffer.from(createTinyGguf({ seed: 8 })))).toBe(0);
    expect(await readdir(join(await folder, 'models'))).toEqual(['tiny.gguf']);
  });
});
