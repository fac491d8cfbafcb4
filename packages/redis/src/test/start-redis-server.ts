import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

// Captured at import: a test that fakes timers must not stall the server's start-up timeout.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** A `redis-server` of a test, on 127.0.0.1. */
export interface RedisTestServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  /** The port it listens on (kept across {@link RedisTestServer.restart}). */
  readonly port: number;
  /** The process id of the running server, or undefined while it is down. */
  readonly pid: number | undefined;
  /** Kills the server at once (SIGKILL): no shutdown, no save. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory; resolves when it accepts connections. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
  pause(): void;
  /** Thaws a paused server (SIGCONT). */
  resume(): void;
  /** Stops the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** Keep the data across {@link RedisTestServer.restart} (append-only file); default false: no persistence. */
  persistence?: boolean;
  /** The `redis-server` binary (default: `$REDIS_SERVER`, else `/usr/bin/redis-server`, else the PATH). */
  binary?: string;
  /** How long to wait for "Ready to accept connections", ms (default 10,000). */
  startTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts Debian's `redis-server` for a test: on 127.0.0.1, on a free port, in
 * a temporary directory, without persistence unless asked; resolves once it
 * accepts connections. Install it with `bash scripts/services.sh redis`.
 * Stop it in `afterAll`; a server still running when the process exits is killed.
 *
 * @example
 * const server = await startRedisServer();
 * afterAll(() => server.stop());
 * const store = createRedisHealthStore({ url: server.url });
 */
export async function startRedisServer(options: StartRedisServerOptions = {}): Promise<RedisTestServer> {
  const binary = options.binary ?? findRedisServer();
  const directory = await mkdtemp(join(tmpdir(), 'switchyard-redis-'));
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  let port = 0;
  let child: ChildProcess | undefined;
  let stopped = false;

  const launch = async (): Promise<void> => {
    const args = [
      '--bind',
      '127.0.0.1',
      '--port',
      String(port),
      '--dir',
      directory,
      '--save',
      '',
      '--appendonly',
      options.persistence ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--protected-mode',
      'yes',
      '--logfile',
      '',
    ];
    const started = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(started);
    child = started;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = realSetTimeout(() => {
        started.kill('SIGKILL');
        reject(new Error(`redis-server did not start within ${startTimeoutMs} ms:\n${output}`));
      }, startTimeoutMs);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          realClearTimeout(timer);
          started.stdout?.off('data', onData);
          started.stdout?.resume();
          resolve();
        }
      };
      started.stdout?.on('data', onData);
      started.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      started.once('error', (error) => {
        realClearTimeout(timer);
        reject(error);
      });
      started.once('exit', (code, signal) => {
        running.delete(started);
        realClearTimeout(timer);
        reject(new Error(`redis-server exited (${signal ?? code}) before it was ready:\n${output}`));
      });
    });
  };

  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      // Another process took the port between the probe and the start: try another one.
      if (attempt >= 4 || !String(error).includes('Address already in use')) throw error;
    }
  }

  const exited = (process: ChildProcess) =>
    process.exitCode !== null || process.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => process.once('exit', () => resolve()));

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.exitCode === null && child.signalCode === null ? child.pid : undefined;
    },
    async kill() {
      if (child === undefined) return;
      const current = child;
      current.kill('SIGCONT');
      current.kill('SIGKILL');
      await exited(current);
    },
    async restart() {
      if (stopped) throw new Error('this redis-server was stopped');
      await launch();
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child !== undefined) {
        const current = child;
        current.kill('SIGCONT');
        current.kill('SIGTERM');
        await exited(current);
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The `redis-server` binary, or an error that says how to install it. */
function findRedisServer(): string {
  const candidates = [
    process.env.REDIS_SERVER,
    '/usr/bin/redis-server',
    ...(process.env.PATH ?? '').split(delimiter).map((directory) => join(directory, 'redis-server')),
  ];
  const found = candidates.find(
    (candidate) => candidate !== undefined && candidate !== '' && existsSync(candidate),
  );
  if (found === undefined) {
    throw new Error(
      'redis-server not found (looked at $REDIS_SERVER, /usr/bin/redis-server and the PATH): ' +
        'install it with `bash scripts/services.sh redis`',
    );
  }
  return found;
}

/** A TCP port free on 127.0.0.1 at the time of the call. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
