import { describe, expect, it, vi } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { runInProcess as run } from './testing/run-in-process.js';

// The command's module fails to load (a broken install, a missing native binding).
vi.mock('./commands/keygen.js', () => {
  throw new Error('Cannot find module @noble/ed25519');
});

describe('runCli, a command module that fails to load', () => {
  it('reports the failure as a run failure on stderr (exit 4) instead of throwing', async () => {
    const result = await run('keygen', '--out', 'unused');
    expect(result.code).toBe(exitCodes.runFailed);
    expect(result.stderr).toMatch(/^switchyard: /);
    expect(result.stdout).toBe('');
  });
});
