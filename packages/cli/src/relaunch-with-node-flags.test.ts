import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { relaunchWithNodeFlags } from './relaunch-with-node-flags.js';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-relaunch-'));
  // Stands in for the bin: writes its Node flags, arguments and two environment variables to the file it is given, then
  // exits with the code it is given, or ends itself with a signal.
  script = join(dir, 'child.mjs');
  await writeFile(
    script,
    `import { writeFileSync } from 'node:fs';
const [file, how] = process.argv.slice(2);
writeFileSync(file, JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2), arenas: process.env.MALLOC_ARENA_MAX ?? null, inherited: process.env.SWITCHYARD_RELAUNCH_TEST ?? null }));
if (how === 'SIGTERM') process.kill(process.pid, 'SIGTERM');
else process.exitCode = Number(how);
`,
  );
});

describe('relaunchWithNodeFlags', () => {
  it("runs the script again with the flags and the arguments, and returns the child's exit code", async () => {
    const seen = join(dir, 'seen-1.json');
    const code = await relaunchWithNodeFlags({
      script,
      argv: [seen, '3'],
      flags: ['--max-semi-space-size=16', '--heap-growing-percent=25'],
      execArgv: ['--no-warnings'],
    });
    expect(code).toBe(3);
    expect(JSON.parse(await readFile(seen, 'utf8'))).toMatchObject({
      execArgv: ['--no-warnings', '--max-semi-space-size=16', '--heap-growing-percent=25'],
      argv: [seen, '3'],
    });
  });

  it('gives the new process the environment variables it is asked to add, beside this process own', async () => {
    const seen = join(dir, 'seen-env.json');
    process.env.SWITCHYARD_RELAUNCH_TEST = 'kept';
    try {
      const code = await relaunchWithNodeFlags({
        script,
        argv: [seen, '0'],
        flags: [],
        env: { MALLOC_ARENA_MAX: '2' },
        execArgv: [],
      });
      expect(code).toBe(0);
    } finally {
      delete process.env.SWITCHYARD_RELAUNCH_TEST;
    }
    expect(JSON.parse(await readFile(seen, 'utf8'))).toMatchObject({ arenas: '2', inherited: 'kept' });
  });

  it('returns 128 + the signal number when a signal ended the child', async () => {
    const seen = join(dir, 'seen-2.json');
    expect(await relaunchWithNodeFlags({ script, argv: [seen, 'SIGTERM'], flags: [], execArgv: [] })).toBe(
      128 + 15,
    );
  });

  it('leaves no signal listener behind', async () => {
    const before = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => process.listenerCount(signal));
    await relaunchWithNodeFlags({ script, argv: [join(dir, 'seen-3.json'), '0'], flags: [], execArgv: [] });
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => process.listenerCount(signal))).toEqual(before);
  });
});
