import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LanguageModelV4CallOptions } from '@ai-sdk/provider';
import { ConfigError, errorCodes, parseConfig, SwitchyardError, validateConfig } from '@switchyard/core';
import { parseScenario } from '@switchyard/drill';
import { createRouter } from '@switchyard/router';
import { scriptedModel } from '@switchyard/router/test';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseConfig } from './corpus/base-config.js';
import { type MalformedCase, malformedConfigs } from './corpus/malformed-configs.js';
import { malformedRequestOptions } from './corpus/malformed-request-options.js';
import { baseScenario, malformedScenarios } from './corpus/malformed-scenarios.js';

/**
 * The malformed-input corpus (issue 10): generated configs, drill scenarios
 * and per-request options, each of which must end in a precise Switchyard
 * error naming the file and the path: never a stack trace, a hang, a raw
 * error or silent acceptance.
 */

const configs = malformedConfigs();
const scenarios = malformedScenarios();
const requestOptions = malformedRequestOptions();

/** Asserts a precise ConfigError for a corpus case: its file, a path, and the path the case names. */
function expectPrecise(error: unknown, entry: MalformedCase) {
  expect(ConfigError.isInstance(error), `${entry.name}: expected a ConfigError, got ${String(error)}`).toBe(
    true,
  );
  const configError = error as ConfigError;
  if (entry.code) expect(configError.code).toBe(entry.code);
  else expect([errorCodes.CONFIG_INVALID, errorCodes.CONFIG_UNREADABLE]).toContain(configError.code);
  expect(configError.file).toBe(entry.file);
  expect(configError.issues.length).toBeGreaterThan(0);
  for (const issue of configError.issues) {
    expect(issue.file).toBe(entry.file);
    expect(issue.path.length).toBeGreaterThan(0);
    expect(issue.message).not.toMatch(/undefined|\[object Object\]|NaN/);
  }
  if (entry.path) {
    const paths = configError.issues.map((issue) => issue.path);
    expect(
      paths.some(
        (path) =>
          path === entry.path || path.startsWith(`${entry.path}.`) || path.startsWith(`${entry.path}[`),
      ),
      `${entry.name}: expected an issue at ${entry.path}, got ${paths.join(', ')}`,
    ).toBe(true);
  }
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the malformed-input corpus', () => {
  it('has at least 300 generated cases', () => {
    expect(configs.length + scenarios.length + requestOptions.length).toBeGreaterThanOrEqual(300);
  });

  it('starts from inputs the validators accept', () => {
    expect(() => validateConfig(baseConfig() as never)).not.toThrow();
    expect(() => parseScenario({ text: JSON.stringify(baseScenario()), file: 'drill.json' })).not.toThrow();
  });

  it.each(configs.map((entry) => [entry.name, entry] as const))('config: %s', (_, entry) => {
    expectPrecise(
      thrown(() => parseConfig({ text: entry.text, file: entry.file })),
      entry,
    );
  });

  it.each(
    configs
      .filter((entry) => entry.file.endsWith('.json') && entry.path)
      .map((entry) => [entry.name, entry] as const),
  )('config object (createRouter, validateConfig): %s', (_, entry) => {
    const value = JSON.parse(entry.text) as never;
    expectPrecise(
      thrown(() => validateConfig(value, { file: entry.file })),
      entry,
    );
    expect(() => createRouter({ config: value, models: {} })).toThrow(
      expect.objectContaining({ name: 'ConfigError' }),
    );
  });

  it.each(scenarios.map((entry) => [entry.name, entry] as const))('scenario: %s', (_, entry) => {
    expectPrecise(
      thrown(() => parseScenario({ text: entry.text, file: entry.file })),
      entry,
    );
  });

  describe('per-request options', () => {
    const call = (options: unknown): LanguageModelV4CallOptions => ({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      providerOptions: { switchyard: options as never },
    });
    it.each(requestOptions.map((entry) => [entry.name, entry] as const))('%s', async (_, entry) => {
      const model = scriptedModel({
        provider: 'openai.chat',
        modelId: 'gpt-5.4',
        steps: [{ text: 'never' }],
      });
      const config = baseConfig();
      const router = createRouter({
        config: config as never,
        models: { 'openai-gpt': model, 'eu-mistral': model, 'local-llama': model },
      });
      let error: unknown;
      try {
        await router.languageModel('chat').doGenerate(call(entry.options));
      } catch (caught) {
        error = caught;
      }
      expect(SwitchyardError.hasCode(error, errorCodes.REQUEST_OPTIONS_INVALID)).toBe(true);
      const issues = (error as { issues: readonly string[] }).issues;
      expect(
        issues.some((issue) => [':', '.', '['].some((next) => issue.startsWith(`${entry.path}${next}`))),
      ).toBe(true);
      expect(model.calls).toHaveLength(0);
      await router.close();
    });
  });
});

describe('the corpus through the switchyard bin', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchyard-corpus-'));
  });

  const bin = new URL('../packages/cli/src/bin.ts', import.meta.url).pathname;
  const run = (argv: string[]) =>
    promisify(execFile)(
      process.execPath,
      ['--conditions=@switchyard/source', '--import', 'tsx', bin, ...argv],
      {
        cwd: new URL('..', import.meta.url).pathname,
        maxBuffer: 64 * 1024 * 1024,
      },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );

  /** One case of each kind (picked by name), plus two scenarios through `drill`. */
  const sample = [
    ...[
      'wrong value at targets[0].weights',
      'unknown key targets[0].weight',
      'bad code "us" at policy.rules[0].when.jurisdiction[0]',
      'bad instant "2026-06-25T00:00:00" at effective',
      'dangling reference at policy.rules[0].targets.model[0]',
      'a two-group cycle',
      'EU redefined',
      'alias bomb 9x9',
      'binary garbage #0',
      '100,000 nested flow lists',
      'a !!timestamp tag',
    ]
      .map((prefix) => configs.find((entry) => entry.name.startsWith(prefix)) as MalformedCase)
      .map((entry) => ({ entry, command: 'validate' })),
    ...['policy event: timeline[0].policy.packs[0]', 'workload jurisdiction us']
      .map((prefix) => scenarios.find((entry) => entry.name.startsWith(prefix)) as MalformedCase)
      .map((entry) => ({ entry, command: 'drill' })),
  ];

  it('exits with the invalid-input code and a precise message, never a stack trace', async () => {
    expect(sample.every(({ entry }) => entry !== undefined)).toBe(true);
    const results = [];
    for (let start = 0; start < sample.length; start += 4) {
      results.push(
        ...(await Promise.all(
          sample.slice(start, start + 4).map(async ({ entry, command }, offset) => {
            const file = join(dir, `${start + offset}-${entry.file}`);
            await writeFile(file, entry.text);
            const argv =
              command === 'validate'
                ? ['validate', '-c', file]
                : ['drill', file, '--out', join(dir, `out-${start + offset}`)];
            return { entry, file, ...(await run(argv)) };
          }),
        )),
      );
    }
    for (const { entry, file, code, stderr } of results) {
      expect(code, entry.name).toBe(3);
      expect(stderr, entry.name).toContain(`switchyard: ${file}`);
      if (entry.path) expect(stderr, entry.name).toContain(` ${entry.path}`);
      expect(stderr, entry.name).not.toMatch(/\n\s+at |node:internal|Error:/);
    }
  }, 180_000);
});
