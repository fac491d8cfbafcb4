import { describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

const exampleConfig = new URL('../../../../examples/config/switchyard.yaml', import.meta.url).pathname;
const nextConfig = new URL('../../../../examples/config/switchyard.next.yaml', import.meta.url).pathname;

describe('switchyard diff-policy', () => {
  it('lists, for two configs, which targets become denied, by which rule, for whom and from when', async () => {
    const result = await run('diff-policy', exampleConfig, nextConfig);
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain(
      '  anthropic-claude: allowed (default) -> DENIED by acme/sg-regulated-on-premises\n    for SG callers with regulated data from 2026-07-31T16:00Z\n',
    );
    expect(result.stdout).toMatch(/\n5 changes\n$/);
  });

  it('compares one config at two instants', async () => {
    const result = await run(
      'diff-policy',
      exampleConfig,
      '--from',
      '2026-06-24T00:00:00Z',
      '--to',
      '2026-06-25T00:00:00Z',
      '--json',
    );
    expect(result.code).toBe(exitCodes.ok);
    const diff = JSON.parse(result.stdout) as {
      changes: {
        route: string;
        targetId: string;
        after: { ruleIds: string[] };
        where: { callers: string[] }[];
      }[];
    };
    const chat = diff.changes.find((change) => change.route === 'chat' && change.targetId === 'openai-gpt');
    expect(chat?.after.ruleIds).toEqual(['us-export-2026/frontier-models', 'us-export-2026/frontier-tagged']);
    expect(chat?.where[0]?.callers).toEqual(['BY', 'CN', 'CU', 'IR', 'KP', 'RU', 'SY', 'VE']);
  });

  it('says so when nothing changes, and --fail-on-change exits 1 when something does', async () => {
    const same = await run('diff-policy', exampleConfig, exampleConfig, '--fail-on-change');
    expect(same.code).toBe(exitCodes.ok);
    expect(same.stdout).toContain('No change');
    const changed = await run('diff-policy', exampleConfig, nextConfig, '--fail-on-change');
    expect(changed.code).toBe(exitCodes.assertionFailed);
  });

  it('is a usage error with one config and no instants, or an instant without an offset', async () => {
    expect((await run('diff-policy', exampleConfig)).code).toBe(exitCodes.usage);
    const noOffset = await run(
      'diff-policy',
      exampleConfig,
      '--from',
      '2026-06-24T00:00:00',
      '--to',
      '2026-06-25T00:00:00Z',
    );
    expect(noOffset.code).toBe(exitCodes.usage);
    expect(noOffset.stderr).toContain('--from: "2026-06-24T00:00:00" has no offset');
  });

  it('names the argument to check when a config cannot be read: diff-policy takes no --config', async () => {
    const missing = await run('diff-policy', exampleConfig, '/nonexistent/next.yaml');
    expect(missing.code).toBe(exitCodes.invalidInput);
    expect(missing.stderr).toContain('cannot read the config: no such file; check the <new> path');
    expect(missing.stderr).not.toContain('--config');
  });
});
