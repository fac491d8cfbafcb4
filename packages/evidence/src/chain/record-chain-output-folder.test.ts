import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticRecord, testKeys } from '../test-fixtures/chained-log.js';
import { recordChain } from './record-chain.js';

// Recursive mkdir never returns on these paths: a regression fails here rather than hanging CI.
const bounded = 10_000;

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'switchyard-chain-folder-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Seals one record and closes the chain, which writes its checkpoint (and makes its folder). */
async function closeWithOneRecord(checkpointsPath: string): Promise<unknown> {
  const chain = await recordChain({
    path: join(folder, 'records.jsonl'),
    checkpointsPath,
    privateKey: testKeys().privateKey,
  });
  chain.seal(syntheticRecord(0));
  await chain.written({ records: 1, basis: 0, now: 0 });
  return chain.close(0).catch((error: unknown) => error);
}

describe('recordChain', () => {
  describe('the checkpoints folder', () => {
    it(
      'refuses at once a checkpoints folder under /proc, naming it and why',
      async () => {
        const error = await closeWithOneRecord('/proc/switchyard-x/records.checkpoints.jsonl');
        expect(error).toMatchObject({ code: 'SWITCHYARD_SINK_WRITE_FAILED' });
        expect((error as Error).message).toContain(
          'cannot make the output folder /proc/switchyard-x: cannot make the folder /proc/switchyard-x: the file system refuses it (ENOENT)',
        );
      },
      bounded,
    );

    it(
      'refuses at once a checkpoints folder below a broken link',
      async () => {
        await symlink(join(folder, 'gone'), join(folder, 'dangling'));
        const error = await closeWithOneRecord(join(folder, 'dangling', 'out', 'records.checkpoints.jsonl'));
        expect((error as Error).message).toContain(
          `cannot make the folder ${join(folder, 'dangling')}: it exists, but is not a folder (a broken link?)`,
        );
      },
      bounded,
    );
  });
});
