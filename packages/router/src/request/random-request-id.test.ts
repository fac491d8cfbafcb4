import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { randomRequestId } from './random-request-id.js';

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('randomRequestId', () => {
  it('gives version-4 UUIDs, all different, across many batches', () => {
    const ids = Array.from({ length: 2_600 }, () => randomRequestId());
    for (const id of ids) expect(id).toMatch(uuidV4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws every hex digit at every random position (each byte of the draw is used)', () => {
    const ids = Array.from({ length: 2_600 }, () => randomRequestId());
    const fixed = new Set([8, 13, 14, 18, 23]);
    for (let position = 0; position < 36; position++) {
      if (fixed.has(position)) continue;
      const digits = new Set(ids.map((id) => id[position]));
      // The variant's first digit takes 4 values; every other position all 16 (missing one in
      // 2,600 draws has a probability below 1e-70).
      expect(digits.size, `position ${position}`).toBe(position === 19 ? 4 : 16);
    }
  });

  // Bundles an entry, builds a startup snapshot and starts two processes from it: 8 s on a busy machine.
  it('gives each process started from one startup snapshot ids of its own', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchyard-request-id-'));
    try {
      // A snapshot taken after a batch was drawn: each process started from it prints the id drawn
      // before the snapshot (the same in all) and its own first one.
      const entry = [
        "import { startupSnapshot } from 'node:v8';",
        `import { randomRequestId } from ${JSON.stringify(new URL('./random-request-id.ts', import.meta.url).pathname)};`,
        'const before = randomRequestId();',
        'startupSnapshot.setDeserializeMainFunction(() => console.log(before, randomRequestId()));',
      ].join('\n');
      const bundled = await build({
        stdin: { contents: entry, resolveDir: dir, loader: 'ts' },
        bundle: true,
        platform: 'node',
        format: 'cjs',
        write: false,
        logLevel: 'silent',
      });
      await writeFile(join(dir, 'entry.cjs'), bundled.outputFiles[0]?.text ?? '');
      const node = promisify(execFile);
      const blob = join(dir, 'snapshot.blob');
      await node(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', join(dir, 'entry.cjs')]);
      const started = async () =>
        (await node(process.execPath, ['--snapshot-blob', blob])).stdout.trim().split(' ');
      const [[beforeA, ownA], [beforeB, ownB]] = [await started(), await started()];
      expect(beforeA).toMatch(uuidV4);
      expect(beforeB).toBe(beforeA);
      expect(ownA).toMatch(uuidV4);
      expect(ownB).toMatch(uuidV4);
      expect(ownB).not.toBe(ownA);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
