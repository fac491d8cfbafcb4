import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inProcessPrefixSlots,
  prefixSlotsBelowFileBytes,
  smallModelPrefixSlots,
} from './in-process-prefix-slots.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-prefix-slots-'));
  await writeFile(join(dir, 'tiny.gguf'), new Uint8Array(200_000));
  // A sparse file: as large as a real model on disk to `stat`, without writing its bytes.
  await writeFile(join(dir, 'real.gguf'), '');
  await truncate(join(dir, 'real.gguf'), prefixSlotsBelowFileBytes);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('inProcessPrefixSlots', () => {
  it('gives a small model file (a generated tiny model) several slots, relative to baseDir or absolute', async () => {
    expect(smallModelPrefixSlots).toBeGreaterThan(1);
    expect(await inProcessPrefixSlots({ model: 'tiny.gguf', baseDir: dir })).toBe(smallModelPrefixSlots);
    expect(await inProcessPrefixSlots({ model: join(dir, 'tiny.gguf') })).toBe(smallModelPrefixSlots);
  });

  it('gives a model file of real size one slot: its memory needs do not grow', async () => {
    expect(await inProcessPrefixSlots({ model: 'real.gguf', baseDir: dir })).toBe(1);
  });

  it('gives a file it cannot read one slot (its load then fails with the precise cut-off)', async () => {
    expect(await inProcessPrefixSlots({ model: 'missing.gguf', baseDir: dir })).toBe(1);
  });
});
