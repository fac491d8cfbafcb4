import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

const exampleConfig = new URL('../../../../examples/config/switchyard.yaml', import.meta.url).pathname;
const exampleTests = new URL('../../../../examples/config/switchyard.policy-tests.yaml', import.meta.url)
  .pathname;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-test-policy-'));
});

describe('switchyard test-policy', () => {
  it('runs the example tests beside their config and the shipped packs’ tests', async () => {
    const result = await run('test-policy', exampleTests, '--packs');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain('policy tests: all 5 cases hold');
    expect(result.stdout).toMatch(
      /us-export-control-2026\.yaml\n(ok {3}.*\n)+policy tests: all \d+ cases hold/,
    );
    expect(result.stdout).toMatch(/eu-data-residency\.yaml/);
    expect(result.stdout).toMatch(/model-origin\.yaml/);
  });

  it('prints a diff for each mismatch and exits 1', async () => {
    const file = join(dir, 'failing.yaml');
    await writeFile(
      file,
      `config: ${exampleConfig}
cases:
  - name: hoping the export control is not there
    route: chat
    context: { jurisdiction: CN }
    at: 2026-07-01T00:00:00Z
    expect:
      allowed: [openai-gpt]
`,
    );
    const result = await run('test-policy', file);
    expect(result.code).toBe(exitCodes.assertionFailed);
    expect(result.stdout).toContain(`FAIL hoping the export control is not there (${file}:3:5 cases[0])`);
    expect(result.stdout).toContain('  - openai-gpt: allowed');
    expect(result.stdout).toContain(
      '  + openai-gpt: DENIED by us-export-2026/frontier-models, us-export-2026/frontier-tagged',
    );
    expect(result.stderr).toContain('1 of 1 policy test cases failed [SWITCHYARD_POLICY_TEST_FAILED]');
  });

  it('exits 3 on a case naming a rule or target that does not exist, and --config overrides the file’s config', async () => {
    const file = join(dir, 'invalid.yaml');
    await writeFile(
      file,
      `cases:
  - name: typo
    route: chat
    context: { jurisdiction: CN }
    at: 2026-07-01T00:00:00Z
    expect:
      denied: { openai-gtp: [us-export-2026/frontier-model] }
`,
    );
    const result = await run('test-policy', file, '--config', exampleConfig);
    expect(result.code).toBe(exitCodes.invalidInput);
    expect(result.stderr).toContain(
      'cases[0].expect.denied.openai-gtp: "openai-gtp" is not evaluated by this case',
    );
    expect(result.stderr).toContain('did you mean "openai-gpt"?');
    expect(result.stderr).toContain('unknown rule id "us-export-2026/frontier-model"');
    expect(result.stderr).toContain('did you mean "us-export-2026/frontier-models"?');
  });

  it('is a usage error without tests or a config to test', async () => {
    expect((await run('test-policy')).code).toBe(exitCodes.usage);
    const file = join(dir, 'no-config.yaml');
    await writeFile(file, (await readFile(exampleTests, 'utf8')).replace('config: switchyard.yaml\n', ''));
    const result = await run('test-policy', file);
    expect(result.code).toBe(exitCodes.usage);
    expect(result.stderr).toContain('names no config');
  });
});
