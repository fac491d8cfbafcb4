import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { guardStandardStreams } from './standard-streams.js';

/** A stream that keeps what is written to it and emits what a test makes it. */
function fakeStream() {
  const emitter = new EventEmitter();
  const written: string[] = [];
  return {
    written,
    emit: (error: NodeJS.ErrnoException) => emitter.emit('error', error),
    stream: Object.assign(emitter, {
      write: (text: string) => {
        written.push(text);
        return true;
      },
    }) as unknown as NodeJS.WriteStream,
  };
}

const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('guardStandardStreams', () => {
  it('drops what is written after the reader of stdout or stderr went away, with no failure', () => {
    const stdout = fakeStream();
    const stderr = fakeStream();
    const exit = { exitCode: 0 };
    const watch = guardStandardStreams({ stdout: stdout.stream, stderr: stderr.stream }, exit);
    // Without a listener, an `error` event is thrown: this is what crashed `switchyard ... | head`.
    expect(() => stdout.emit(errno('EPIPE', 'write EPIPE'))).not.toThrow();
    expect(() =>
      stdout.emit(errno('ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed')),
    ).not.toThrow();
    expect(() => stderr.emit(errno('EPIPE', 'write EPIPE'))).not.toThrow();
    expect(watch.failure).toBeUndefined();
    expect(exit.exitCode).toBe(exitCodes.ok);
    expect(stderr.written).toEqual([]);
  });

  it('says once that standard output could not be written otherwise, and fails the run', () => {
    const stdout = fakeStream();
    const stderr = fakeStream();
    const exit = { exitCode: 0 };
    const watch = guardStandardStreams({ stdout: stdout.stream, stderr: stderr.stream }, exit);
    stdout.emit(errno('ENOSPC', 'ENOSPC: no space left on device, write'));
    stdout.emit(errno('ENOSPC', 'ENOSPC: no space left on device, write'));
    expect(watch.failure).toBe(exitCodes.runFailed);
    // It came after the command had returned 0: the exit code is set here.
    expect(exit.exitCode).toBe(exitCodes.runFailed);
    expect(stderr.written).toEqual([
      'switchyard: cannot write to standard output (ENOSPC: no space left on device, write); what the command printed is lost, the files it writes are not\n',
    ]);
  });

  // A CLI child process (tsx compiles its sources): several seconds on a busy machine.
  it("lets `switchyard ... | head` end without a stack trace, with the command's own exit code", {
    timeout: 60_000,
  }, async () => {
    const bin = new URL('./bin.ts', import.meta.url).pathname;
    const child = spawn(
      process.execPath,
      ['--conditions=@switchyard/source', '--import', 'tsx', bin, 'test-policy', '--packs'],
      { cwd: new URL('..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Like `head -1`: read the first chunk, then close the pipe.
    const first = await new Promise<string>((resolve) =>
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(first).toContain('policy-tests');
    expect(stderr).not.toMatch(/\n\s+at |EPIPE|Unhandled/);
    expect(code).toBe(exitCodes.ok);
  });
});
