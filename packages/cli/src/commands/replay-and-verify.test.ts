import { createPrivateKey } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionRecord } from '@switchyard/core';
import { chainedJsonlSink } from '@switchyard/evidence';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess } from '../testing/run-in-process.js';

const target = (id: string, provider: string, extra: Record<string, unknown> = {}) => ({
  id,
  provider,
  model: `${id}-model`,
  hostedIn: 'US',
  origin: 'US',
  weights: 'closed',
  capabilities: ['tools', 'streaming'],
  contextWindow: 128000,
  price: { input: 1, output: 2 },
  ...extra,
});
const config = {
  targets: [
    target('gpt', 'openai'),
    target('local', 'ollama', { hostedIn: 'self', weights: 'open', price: { input: 0, output: 0 } }),
  ],
  routes: { chat: { targets: ['gpt'], lastResort: ['local'] } },
};
/** A small drill: 40 requests over 4 simulated seconds; the key of gpt is revoked at 2 s. */
const scenario = {
  name: 'small',
  config,
  workload: { route: 'chat', rate: 10, total: 40, mix: { jurisdictions: { US: 1, DE: 1 } }, streaming: 0.5 },
  timeline: [{ at: '2s', type: 'cutoff', label: 'key revoked', target: 'gpt', signal: 'key_revoked' }],
  assertions: [{ type: 'all-accounted' }],
};

let dir: string;
let records: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'switchyard-replay-cli-'));
  const file = join(dir, 'small.json');
  await writeFile(file, JSON.stringify(scenario));
  const drill = await runInProcess('drill', file, '--out', join(dir, 'out'), '--no-report');
  expect(drill.code).toBe(exitCodes.ok);
  records = join(dir, 'out', 'records.jsonl');
});

describe('switchyard replay', () => {
  it('--self-check reproduces every record of a drill under its own policy and state', async () => {
    const result = await runInProcess('replay', records, '--self-check');
    expect(result).toMatchObject({ code: exitCodes.ok, stderr: '' });
    expect(result.stdout).toBe(
      'self-check: all 40 records reproduced exactly under their own policy and state\n',
    );
  });

  it('--self-check prints a changed record as a diff and exits 1', async () => {
    const lines = (await readFile(records, 'utf8')).trim().split('\n');
    const changed = JSON.parse(lines[5] as string) as DecisionRecord;
    const edited = { ...changed, decision: { ...changed.decision, order: ['local'] } };
    lines[5] = JSON.stringify(edited);
    const file = join(dir, 'out', 'edited.jsonl');
    await writeFile(file, `${lines.join('\n')}\n`);
    const result = await runInProcess(
      'replay',
      file,
      '--self-check',
      '--basis',
      join(dir, 'out', 'records.basis.jsonl'),
    );
    expect(result.code).toBe(exitCodes.assertionFailed);
    expect(result.stdout).toContain(
      `${file}:6 ${changed.requestId} is not reproduced by its replay:\n  decision.order\n  - recorded: ["local"]\n  + replayed: ${JSON.stringify(changed.decision?.order)}\n`,
    );
    expect(result.stdout).toContain('self-check FAILED: 1 of 40 records not reproduced');
    expect(result.stderr).toContain('[SWITCHYARD_REPLAY_MISMATCH]');
  });

  it('--config tells what another config would have decided, every figure labelled, and writes the HTML report', async () => {
    const strict = {
      ...config,
      policy: {
        rules: [
          {
            id: 'acme/no-de-on-gpt',
            description: 'DE callers stay off gpt.',
            source: 'test',
            effect: 'deny',
            when: { jurisdiction: ['DE'] },
            targets: { id: ['gpt'] },
          },
        ],
      },
    };
    const other = join(dir, 'strict.json');
    await writeFile(other, JSON.stringify(strict));
    const html = join(dir, 'what-if.html');
    const result = await runInProcess('replay', records, '--config', other, '--html', html, '--show', '3');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain(
      `40 decision records replayed under ${other}, each at its own instant, health as recorded.`,
    );
    expect(result.stdout).toMatch(/gpt -> local\s+│\s+\d+/);
    expect(result.stdout).toContain('acme/no-de-on-gpt');
    expect(result.stdout).toContain('[unknowable]');
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<h1>What if: ');
    expect(page).toContain('id="table-what-if-jurisdictions"');
    expect(page).not.toMatch(/<script/);
  });

  it('--health local-only replays without the fleet facts (none in a single process: no attempt saved)', async () => {
    const same = join(dir, 'same.json');
    await writeFile(same, JSON.stringify(config));
    const result = await runInProcess('replay', records, '--config', same, '--health', 'local-only');
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain("health as this process alone knew it (without the fleet's health).");
    expect(result.stdout).toContain(
      "Without the fleet's health, 0 attempts would have gone to targets another process had already set aside",
    );
    const bad = await runInProcess('replay', records, '--config', same, '--health', 'fleet-only');
    expect(bad.code).toBe(exitCodes.usage);
    expect(bad.stderr).toContain('as-recorded, all-healthy, local-only');
  });

  it('refuses an --at that is not an instant as a bad option (exit 2), naming --at', async () => {
    const same = join(dir, 'same-at.json');
    await writeFile(same, JSON.stringify(config));
    for (const at of ['2026-06-25T00:00:00', 'tomorrow', '2026-13-45T00:00:00Z']) {
      const result = await runInProcess('replay', records, '--config', same, '--at', at);
      expect(result.code, at).toBe(exitCodes.usage);
      expect(result.stderr, at).toContain(`switchyard: --at: `);
    }
  });

  it('refuses records files with no record in them (exit 3), naming them, before anything is replayed', async () => {
    const empty = join(dir, 'empty.jsonl');
    const blank = join(dir, 'blank.jsonl');
    await writeFile(empty, '');
    await writeFile(blank, '\n \n\r\n');
    const configFile = join(dir, 'what-if-empty.json');
    await writeFile(configFile, JSON.stringify(config));
    const whatIf = await runInProcess('replay', empty, blank, '--config', configFile);
    expect(whatIf.code).toBe(exitCodes.invalidInput);
    expect(whatIf.stderr).toContain(
      `${empty}, ${blank} hold no decision records (empty, or only blank lines)`,
    );
    expect(whatIf.stdout).toBe('');
    const selfCheck = await runInProcess('replay', blank, '--self-check');
    expect(selfCheck.code).toBe(exitCodes.invalidInput);
    expect(selfCheck.stderr).toContain(`${blank} holds no decision records`);
  });

  it('refuses a file where no line is a decision record (exit 3), naming its lines, in both modes', async () => {
    const garbage = join(dir, 'not-records.jsonl');
    await writeFile(garbage, 'garbage here\n{"kind":"catalog"}\n');
    const configFile = join(dir, 'what-if-garbage.json');
    await writeFile(configFile, JSON.stringify(config));
    const whatIf = await runInProcess('replay', garbage, '--config', configFile);
    expect(whatIf.code).toBe(exitCodes.invalidInput);
    expect(whatIf.stdout).toBe('');
    expect(whatIf.stderr).toContain(`${garbage}:1: not a decision record: invalid JSON`);
    expect(whatIf.stderr).toContain(`${garbage}:2: not a decision record: `);
    expect(whatIf.stderr).toContain(`${garbage}: none of its 2 line(s) is a decision record`);
    await writeFile(
      join(dir, 'not-records.basis.jsonl'),
      await readFile(join(dir, 'out', 'records.basis.jsonl')),
    );
    const selfCheck = await runInProcess('replay', garbage, '--self-check');
    expect(selfCheck.code).toBe(exitCodes.invalidInput);
    expect(selfCheck.stderr).toContain(`${garbage}: none of its 2 line(s) is a decision record`);
    expect(selfCheck.stdout).toContain(
      'self-check FAILED: 2 lines are not a decision record (no decision record read)',
    );
  });

  it('--self-check counts a bad line as a line, not as a record not reproduced', async () => {
    const mixed = join(dir, 'mixed.jsonl');
    const lines = (await readFile(records, 'utf8')).trim().split('\n');
    await writeFile(mixed, `${[...lines.slice(0, 3), 'garbage'].join('\n')}\n`);
    await writeFile(join(dir, 'mixed.basis.jsonl'), await readFile(join(dir, 'out', 'records.basis.jsonl')));
    const result = await runInProcess('replay', mixed, '--self-check');
    expect(result.code).toBe(exitCodes.assertionFailed);
    expect(result.stdout).toContain(
      'self-check FAILED: 1 line is not a decision record (all 3 records reproduced)',
    );
    expect(result.stderr).toContain('1 line is not a decision record (all 3 records reproduced)');
    expect(result.stderr).not.toContain('records not reproduced');
  });

  it('--config names the lines it skipped as not decision records, with file and line', async () => {
    const mixed = join(dir, 'mixed-what-if.jsonl');
    const lines = (await readFile(records, 'utf8')).trim().split('\n');
    await writeFile(mixed, `${[...lines.slice(0, 3), 'garbage'].join('\n')}\n`);
    const configFile = join(dir, 'what-if-mixed.json');
    await writeFile(configFile, JSON.stringify(config));
    const result = await runInProcess('replay', mixed, '--config', configFile);
    expect(result.code).toBe(exitCodes.ok);
    expect(result.stdout).toContain(
      `1 line was not a decision record and was skipped:\n  ${mixed}:4: invalid JSON`,
    );
  });

  it('refuses neither or both of --self-check and --config', async () => {
    const neither = await runInProcess('replay', records);
    expect(neither.code).toBe(exitCodes.usage);
    expect(neither.stderr).toContain('give --self-check, or --config OTHER.yaml for a what-if (one of them)');
  });
});

describe('switchyard keygen and verify', () => {
  it('verifies a chained log with the public key and names the first tampered record', async () => {
    const prefix = join(dir, 'keys', 'evidence');
    const keygen = await runInProcess('keygen', '--out', prefix);
    expect(keygen.code).toBe(exitCodes.ok);
    expect((await runInProcess('keygen', '--out', prefix)).stderr).toContain(
      'exists: keygen never overwrites a key',
    );
    const path = join(dir, 'chained', 'records.jsonl');
    const sink = await chainedJsonlSink({
      path,
      privateKey: createPrivateKey(await readFile(`${prefix}.pem`, 'utf8')),
      every: { records: 10 },
    });
    for (const line of (await readFile(records, 'utf8')).trim().split('\n')) sink.write(JSON.parse(line));
    await sink.close?.();
    const verified = await runInProcess('verify', path, '--public-key', `${prefix}.pub.pem`);
    expect(verified).toMatchObject({ code: exitCodes.ok, stderr: '' });
    expect(verified.stdout).toMatch(/^verified: 40 records \(40 signed by 4 checkpoints\)/);

    const lines = (await readFile(path, 'utf8')).trim().split('\n');
    lines.splice(17, 1);
    await writeFile(path, `${lines.join('\n')}\n`);
    const tampered = await runInProcess('verify', path, '--public-key', `${prefix}.pub.pem`);
    expect(tampered.code).toBe(exitCodes.assertionFailed);
    expect(tampered.stdout).toContain(`TAMPERED: ${path}:18: record seq 17 was removed`);
    expect(tampered.stdout).toContain('[first record not as written: seq 17, removed]');
  });

  it('names a missing file of a rotated log and the files after it, not only records removed from the end', async () => {
    const prefix = join(dir, 'keys-rotated', 'evidence');
    expect((await runInProcess('keygen', '--out', prefix)).code).toBe(exitCodes.ok);
    const path = join(dir, 'rotated', 'records.jsonl');
    const sink = await chainedJsonlSink({
      path,
      privateKey: createPrivateKey(await readFile(`${prefix}.pem`, 'utf8')),
      every: { records: 10 },
      maxFileBytes: 8_000,
    });
    for (const line of (await readFile(records, 'utf8')).trim().split('\n')) sink.write(JSON.parse(line));
    await sink.close?.();
    const second = join(dir, 'rotated', 'records.2.jsonl');
    const third = join(dir, 'rotated', 'records.3.jsonl');
    await readFile(third); // the log rotated at least three times
    await rm(second);
    const result = await runInProcess('verify', path, '--public-key', `${prefix}.pub.pem`);
    expect(result.code).toBe(exitCodes.assertionFailed);
    expect(result.stdout).toContain('were removed (the log ends before them');
    expect(result.stdout).toContain(`${third}`);
    expect(result.stdout).toContain(`follow a missing ${second}: a file of the rotated log is missing`);
  });

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('refuses a log with no record in it (exit 3) rather than verify nothing', async () => {
    const prefix = join(dir, 'keys-empty', 'evidence');
    expect((await runInProcess('keygen', '--out', prefix)).code).toBe(exitCodes.ok);
    // A sink that was opened and closed before any record: a log and checkpoints with nothing in them.
    const path = join(dir, 'chained-empty', 'records.jsonl');
    await mkdir(join(dir, 'chained-empty'));
    await writeFile(path, '\n');
    await writeFile(join(dir, 'chained-empty', 'records.checkpoints.jsonl'), '');
    const result = await runInProcess('verify', path, '--public-key', `${prefix}.pub.pem`);
    expect(result.code).toBe(exitCodes.invalidInput);
    expect(result.stderr).toContain(`${path} holds no decision records (empty, or only blank lines)`);
    expect(result.stdout).toBe('');
  });

  it("says a drill's records have no checkpoints to verify before asking for a key (exit 3)", async () => {
    vi.stubEnv('SWITCHYARD_EVIDENCE_PUBLIC_KEY', '');
    const result = await runInProcess('verify', records);
    expect(result.code).toBe(exitCodes.invalidInput);
    expect(result.stderr).toContain(
      `cannot read the checkpoints file ${join(dir, 'out', 'records.checkpoints.jsonl')} (give --checkpoints FILE): only a log written with a record chain`,
    );
    expect(result.stderr).toContain('switchyard replay --self-check');
    expect(result.stderr).not.toContain('public key');
  });

  it('takes the key from the environment, never from the records, and says when there is none', async () => {
    vi.stubEnv('SWITCHYARD_EVIDENCE_PUBLIC_KEY', '');
    const none = await runInProcess('verify', join(dir, 'chained', 'records.jsonl'));
    expect(none.code).toBe(exitCodes.invalidInput);
    expect(none.stderr).toContain('SWITCHYARD_EVIDENCE_PUBLIC_KEY holds no public key');
    vi.stubEnv(
      'SWITCHYARD_EVIDENCE_PUBLIC_KEY',
      await readFile(join(dir, 'keys', 'evidence.pub.pem'), 'utf8'),
    );
    const fromEnvironment = await runInProcess('verify', join(dir, 'chained', 'records.jsonl'));
    // The same log as above (one record removed): the key from the environment finds it too.
    expect(fromEnvironment.code).toBe(exitCodes.assertionFailed);
    expect(fromEnvironment.stdout).toContain('record seq 17 was removed');
  });
});
