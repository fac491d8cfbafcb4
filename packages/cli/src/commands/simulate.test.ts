import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseFaultSpec, startSimulator } from '@switchyard/simulators';
import { describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import type { Output } from '../output.js';
import { runCli } from '../program.js';
import { runSimulate, type SimulateCommandOptions } from './simulate.js';

/**
 * How long a wait on real I/O (a socket, a file) may take: the test's own time, not the 1 s
 * default of `vi.waitFor` and `expect.poll`, which a busy machine can miss.
 */
const ioWait = { timeout: 15_000 };

function capture(): Output & { out: string; err: string } {
  const output = {
    out: '',
    err: '',
    interactive: false,
    stdout: (text: string) => {
      output.out += text;
    },
    stderr: (text: string) => {
      output.err += text;
    },
  };
  return output;
}

const defaults: SimulateCommandOptions = {
  port: 0,
  model: [],
  fault: [],
  timeScale: 1,
  apiKey: [],
  sdkRetries: false,
};

function chat(baseURL: string, model: string, headers: Record<string, string> = {}) {
  return fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
  });
}

/** Resolves with the first stdout match of `pattern`, or rejects when the process exits first. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = seen.match(pattern);
      if (match) {
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
        resolve(match);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the CLI exited (${code}) before printing ${pattern}: ${seen}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

describe('switchyard simulate', () => {
  describe('runSimulate', () => {
    it('serves the default models on a random port with the given faults, and stops when the signal aborts', async () => {
      const controller = new AbortController();
      let printed = '';
      const running = runSimulate({
        kind: 'openai',
        options: {
          ...defaults,
          fault: [{ fault: { type: 'server_error', status: 503 }, model: 'gpt-4o-mini' }],
        },
        signal: controller.signal,
        write: (text) => {
          printed += text;
        },
      });
      await expect.poll(() => printed, ioWait).toContain('Press Ctrl-C to stop.');
      const baseURL = printed.match(/base URL: (http:\/\/127\.0\.0\.1:\d+\/v1)\n/)?.[1];
      expect(baseURL).toBeDefined();
      expect(printed).toContain('models:   gpt-4o, gpt-4o-mini');
      expect(printed).toContain('fault:    {"type":"server_error","status":503} (model gpt-4o-mini)');

      const models = (await (await fetch(`${baseURL}/models`)).json()) as { data: { id: string }[] };
      expect(models.data.map((model) => model.id)).toEqual(['gpt-4o', 'gpt-4o-mini']);
      const answer = await chat(`${baseURL}`, 'gpt-4o');
      expect(answer.status).toBe(200);
      expect(
        ((await answer.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message
          .content,
      ).toBe('This is gpt-4o answering: "Hi".');
      const outage = await chat(`${baseURL}`, 'gpt-4o-mini');
      expect(outage.status).toBe(503);
      await outage.body?.cancel();

      controller.abort();
      const simulator = await running;
      expect(printed).toContain('stopped after 3 request(s)\n');
      expect(simulator.requests.map((request) => request.status)).toEqual([200, 200, 503]);
      await expect(fetch(`${baseURL}/models`)).rejects.toThrow();
    });

    it('answers a legal_block fault spec with 451 to the listed callers only', async () => {
      const controller = new AbortController();
      let printed = '';
      const running = runSimulate({
        kind: 'openai',
        options: { ...defaults, fault: [parseFaultSpec('legal_block:gpt-4o:CN')] },
        signal: controller.signal,
        write: (text) => {
          printed += text;
        },
      });
      await expect.poll(() => printed, ioWait).toContain('Press Ctrl-C to stop.');
      expect(printed).toContain('fault:    {"type":"legal_block"} (model gpt-4o, callers CN)');
      const baseURL = printed.match(/base URL: (http:\/\/127\.0\.0\.1:\d+\/v1)\n/)?.[1] ?? '';
      const blocked = await chat(baseURL, 'gpt-4o', { 'x-switchyard-caller-country': 'CN' });
      expect(blocked.status).toBe(451);
      expect(await blocked.json()).toMatchObject({ error: { code: 'unavailable_for_legal_reasons' } });
      const served = await chat(baseURL, 'gpt-4o', { 'x-switchyard-caller-country': 'DE' });
      expect(served.status).toBe(200);
      await served.body?.cancel();
      controller.abort();
      await running;
    });

    it('returns at once, stopped, when the signal is already aborted', async () => {
      const simulator = await runSimulate({
        kind: 'ollama',
        options: { ...defaults, model: ['llama3.2'] },
        signal: AbortSignal.abort(),
        write: () => undefined,
      });
      await expect(fetch(`${simulator.url}/api/version`)).rejects.toThrow();
    });
  });

  describe('runCli', () => {
    it('is a usage error naming the fault when a --fault spec is invalid', async () => {
      const output = capture();
      const code = await runCli({ argv: ['simulate', 'openai', '--fault', 'meltdown'], output });
      expect(code).toBe(exitCodes.usage);
      expect(output.err).toContain('unknown type "meltdown"');
    });

    it('suggests the closest fault type for a misspelt one', async () => {
      const output = capture();
      const code = await runCli({ argv: ['simulate', 'openai', '--fault', 'rate_limted=2:gpt-*'], output });
      expect(code).toBe(exitCodes.usage);
      expect(output.err).toContain('unknown type "rate_limted"');
      expect(output.err).toContain('Did you mean "rate_limited"?');
    });

    it('refuses a legal_block blocked-by URL that is not absolute, saying what was found', async () => {
      const output = capture();
      const code = await runCli({
        argv: ['simulate', 'openai', '--fault', 'legal_block=<blocker.example>'],
        output,
      });
      expect(code).toBe(exitCodes.usage);
      expect(output.err).toContain(
        'got text that is not an absolute URL (no scheme such as https://); expected an absolute http or https URL, e.g. legal_block=<https://blocker.example/>.',
      );
    });

    it('suggests legal_block for a fault written as the status 451 or its reason phrase', async () => {
      for (const written of ['451:gpt-*', 'Unavailable For Legal Reasons']) {
        const output = capture();
        const code = await runCli({ argv: ['simulate', 'openai', '--fault', written], output });
        expect(code).toBe(exitCodes.usage);
        expect(output.err).toContain('Did you mean "legal_block"?');
      }
    });

    it('suggests the closest provider for a misspelt kind', async () => {
      const output = capture();
      const code = await runCli({ argv: ['simulate', 'opnai', '--port', '0'], output });
      expect(code).toBe(exitCodes.usage);
      expect(output.err).toContain("argument 'kind'");
      expect(output.err).toContain('expected one of openai, anthropic, ollama; did you mean "openai"?');
    });

    it.each([
      [['--model', ''], '--model must be a model id, not empty and without spaces around it; got "".'],
      [
        ['--model', ' gpt-4o'],
        '--model must be a model id, not empty and without spaces around it; got " gpt-4o"; did you mean "gpt-4o"?',
      ],
      [['--api-key', ''], '--api-key must be an API key, not empty and without spaces around it; got "".'],
      [
        ['--caller-header', 'x country'],
        '--caller-header must be an HTTP header name (letters, digits and !#$%&\'*+-.^_`|~, no spaces); got "x country"; did you mean "x-country"?',
      ],
      [['--caller-header', ''], '--caller-header must be an HTTP header name'],
    ])('is a usage error naming the flag for %j, before anything listens', async (args, message) => {
      const output = capture();
      const code = await runCli({ argv: ['simulate', 'openai', '--port', '0', ...args], output });
      expect(code).toBe(exitCodes.usage);
      expect(output.err).toContain(message);
      expect(output.out).not.toContain('listening');
    });

    it('is a usage error naming the range for a port past 65535 (not a crash of listen)', async () => {
      const output = capture();
      const code = await runCli({ argv: ['simulate', 'openai', '--port', '99999'], output });
      expect(code).toBe(exitCodes.usage);
      expect(output.err).toContain('--port must be an integer from 0 to 65535; got "99999".');
    });

    it('says to pick another port when the port is taken', async () => {
      const taken = await startSimulator({ kind: 'openai', models: ['gpt-4o'] });
      try {
        const output = capture();
        const code = await runCli({
          argv: ['simulate', 'openai', '--port', String(taken.port)],
          output,
        });
        expect(code).toBe(exitCodes.usage);
        expect(output.err).toContain(`Port ${taken.port} is already in use; pick another with --port.`);
      } finally {
        await taken.stop();
      }
    });
  });

  describe('bin', () => {
    // A CLI child process (tsx compiles its sources): 5 s on a busy machine.
    it('runs until SIGINT, answering with a caller-scoped region block, then stops cleanly', {
      timeout: 60_000,
    }, async () => {
      const bin = new URL('../bin.ts', import.meta.url).pathname;
      const child = spawn(
        process.execPath,
        [
          '--conditions=@switchyard/source',
          '--import',
          'tsx',
          bin,
          'simulate',
          'anthropic',
          '--port',
          '0',
          '--model',
          'claude-sonnet-4-5',
          '--fault',
          'region_block:*:CN',
        ],
        { cwd: new URL('../..', import.meta.url).pathname, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      try {
        const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
        const ask = (country: string) =>
          fetch(`${url}/v1/messages`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'x-api-key': 'sk-ant-test',
              'anthropic-version': '2023-06-01',
              'x-switchyard-caller-country': country,
            },
            body: JSON.stringify({
              model: 'claude-sonnet-4-5',
              max_tokens: 64,
              messages: [{ role: 'user', content: 'Hi' }],
            }),
          });
        const blocked = await ask('CN');
        expect(blocked.status).toBe(403);
        expect(await blocked.json()).toMatchObject({ error: { type: 'forbidden' } });
        const served = await ask('DE');
        expect(served.status).toBe(200);
        expect(await served.json()).toMatchObject({
          content: [{ type: 'text', text: 'This is claude-sonnet-4-5 answering: "Hi".' }],
        });

        let rest = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          rest += chunk.toString('utf8');
        });
        const closed = once(child, 'close');
        child.kill('SIGINT');
        const [code, signal] = await closed;
        expect([code, signal]).toEqual([0, null]);
        expect(rest).toContain('stopped after 2 request(s)\n');
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    });
  });
});
