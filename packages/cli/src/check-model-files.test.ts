import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTinyGguf, writeTinyGguf } from '@switchyard/llama-cpp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from './exit-codes.js';
import { runInProcess as run } from './testing/run-in-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-cli-llama-'));
  await writeTinyGguf({ path: join(dir, 'models', 'tiny.gguf') });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A config whose last resort runs `model` in-process; returns its path. */
async function configWith(model: string): Promise<string> {
  const file = join(dir, `switchyard-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    file,
    `targets:
  - id: hosted
    provider: openai
    model: gpt-5.4
    hostedIn: US
    origin: US
    weights: closed
    contextWindow: 400000
  - id: local
    provider: llama-cpp
    model: ${model}
    hostedIn: self
    origin: US
    weights: open
    contextWindow: 2048
    price: { input: 0, output: 0 }
routes:
  chat: { targets: [hosted], lastResort: [local] }
policy: { id: allow-all }
`,
  );
  return file;
}

describe('switchyard validate with llama-cpp targets', () => {
  // The first check loads the llama.cpp binding: 9 s on a busy machine.
  it('checks the GGUF file relative to the config and describes it', { timeout: 60_000 }, async () => {
    const result = await run('validate', '--config', await configWith('models/tiny.gguf'));
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toMatch(
      /target local runs in-process \(llama-cpp\): models\/tiny\.gguf: llama GGUF, 0\.6 MiB, trained context 4096 tokens/,
    );
  });

  it('passes --strict --coverage with an in-process last resort, the file checked too', async () => {
    const file = await configWith('models/tiny.gguf');
    const result = await run('validate', '--strict', '--coverage', '--config', file);
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain('target local runs in-process (llama-cpp): models/tiny.gguf');
    expect(result.stdout).toContain('every cell has an allowed target');
    const missing = await run('validate', '--strict', '--config', await configWith('models/gone.gguf'));
    expect(missing.code).toBe(exitCodes.invalidInput);
    expect(missing.stderr).toContain('targets[1].model: model_file_missing');
  });

  it('rejects a missing or broken model file at the line of its model', async () => {
    const missing = await configWith('models/missing.gguf');
    const result = await run('validate', '--config', missing);
    expect(result.code).toBe(exitCodes.invalidInput);
    expect(result.stderr).toContain(
      `${missing}:11:12 targets[1].model: model_file_missing: ${join(dir, 'models', 'missing.gguf')}: no such file`,
    );
    await writeFile(join(dir, 'models', 'notes.gguf'), 'not weights');
    const broken = await run('validate', '--config', await configWith('models/notes.gguf'));
    expect(broken.stderr).toContain('model_file_not_gguf');
  });
  it('names a value or tensor llama.cpp would abort the process on', async () => {
    const models = join(dir, 'models');
    const tiny = Buffer.from(await readFile(join(models, 'tiny.gguf')));
    // `llama.block_count` 0 (GGML_ASSERT in llama.cpp): its u32 value follows the key and its type.
    const noLayers = Buffer.from(tiny);
    noLayers.writeUInt32LE(0, noLayers.indexOf('llama.block_count') + 'llama.block_count'.length + 4);
    await writeFile(join(models, 'no-layers.gguf'), noLayers);
    // A zero dimension of output_norm.weight (its one dimension follows its name and n_dims).
    const zeroDim = Buffer.from(tiny);
    zeroDim.writeBigUInt64LE(0n, zeroDim.lastIndexOf('output_norm.weight') + 'output_norm.weight'.length + 4);
    await writeFile(join(models, 'zero-dim.gguf'), zeroDim);
    const values = await run('validate', '--config', await configWith('models/no-layers.gguf'));
    expect(values.code).toBe(exitCodes.invalidInput);
    expect(values.stderr).toContain(
      'targets[1].model: model_metadata_invalid: ' +
        `${join(models, 'no-layers.gguf')}: GGUF metadata llama.block_count: expected 1 to 512 layers (llama.cpp's limit); found 0`,
    );
    const tensors = await run('validate', '--config', await configWith('models/zero-dim.gguf'));
    expect(tensors.code).toBe(exitCodes.invalidInput);
    expect(tensors.stderr).toContain(
      'targets[1].model: model_tensors_invalid: ' +
        `${join(models, 'zero-dim.gguf')}: GGUF tensor output_norm.weight: expected dimensions of at least 1; found [0]`,
    );
  });

  it('reports bad model files in the same run as schema and reference errors, each at its model', async () => {
    const models = join(dir, 'models');
    const tiny = await readFile(join(models, 'tiny.gguf'));
    await writeFile(join(models, 'cut.gguf'), tiny.subarray(0, tiny.length - 1000));
    await writeFile(join(models, 'text.gguf'), 'not weights at all');
    await writeFile(
      join(models, 'no-heads.gguf'),
      createTinyGguf({ omitKeys: ['llama.attention.head_count'] }),
    );
    // Trained on a billion tokens, with a context window to match: the KV cache alone needs terabytes.
    await writeFile(
      join(models, 'huge.gguf'),
      createTinyGguf({ contextLength: 1_000_000_000, endOfTextScale: 0 }),
    );
    const local = (id: string, model: string, contextWindow = 2048) => `  - id: ${id}
    provider: llama-cpp
    model: ${model}
    hostedIn: self
    origin: US
    weights: open
    contextWindow: ${contextWindow}
    price: { input: 0, output: 0 }
`;
    const file = join(dir, 'everything-wrong.yaml');
    await writeFile(
      file,
      `targets:
  - id: hosted
    provider: openai
    model: gpt-5.4
    hostedIn: US
    origin: US
    weights: closed
    contextWindow: 400000
    priority: high
${local('gone', 'models/gone.gguf')}${local('cut', 'models/cut.gguf')}${local('text', 'models/text.gguf')}${local('noheads', 'models/no-heads.gguf')}${local('huge', 'models/huge.gguf', 1_000_000_000)}${local('good', 'models/tiny.gguf')}routes:
  chat: { targets: [hosted], lastResort: [gone, cut, text, noheads, huge, good, nowhere] }
policy: { id: allow-all }
`,
    );
    const result = await run('validate', '--config', file);
    expect(result.code).toBe(exitCodes.invalidInput);
    const lines = result.stderr.split('\n').filter((line) => line.startsWith(file));
    expect(lines.map((line) => line.replace(/^[^ ]+ ([^:]+: [a-z_]+).*$/, '$1'))).toEqual([
      expect.stringMatching(/^targets\[0\]\.priority: unknown/),
      'targets[1].model: model_file_missing',
      'targets[2].model: model_file_truncated',
      'targets[3].model: model_file_not_gguf',
      'targets[4].model: model_metadata_missing',
      'targets[5].model: model_too_large',
      expect.stringMatching(/^routes\.chat\.lastResort\[6\]: /),
    ]);
    expect(lines[0]?.startsWith(`${file}:9:15 targets[0].priority: `)).toBe(true);
    // Each model issue at the line and column of its target's model (8 lines per target, value at column 12).
    for (const [index, line] of lines.slice(1, 6).entries())
      expect(line.startsWith(`${file}:${12 + 8 * index}:12 targets[${index + 1}].model: `)).toBe(true);
    expect(lines[1]).toContain(`${join(models, 'gone.gguf')}: no such file`);
    expect(lines[4]).toContain('llama.attention.head_count');
    expect(result.stderr).toContain('7 problems');
  });
  it('checks a target whose provider is spelt with an escape (JSON)', async () => {
    const file = join(dir, 'escaped.json');
    const config = {
      targets: [
        {
          id: 'local',
          provider: 'llama-cpp',
          model: 'models/absent.gguf',
          hostedIn: 'self',
          origin: 'US',
          weights: 'open',
          contextWindow: 2048,
          price: { input: 0, output: 0 },
        },
      ],
      routes: { chat: { targets: ['local'] } },
      policy: { id: 'allow-all' },
    };
    await writeFile(file, JSON.stringify(config, null, 2).replace('"llama-cpp"', '"llama\\u002dcpp"'));
    const result = await run('validate', '--config', file);
    expect(result.code).toBe(exitCodes.invalidInput);
    expect(result.stderr).toContain('targets[0].model: model_file_missing');
  });
});

describe('switchyard explain with llama-cpp targets', () => {
  it('shows the in-process target with its model file', async () => {
    const result = await run('explain', '--config', await configWith('models/tiny.gguf'), '--route', 'chat');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain('llama-cpp (in-process)');
    expect(result.stdout).toContain('models/tiny.gguf');
  });
});
