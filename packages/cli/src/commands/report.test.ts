import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogDocuments, type DecisionRecord, parseConfig } from '@switchyard/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodes } from '../exit-codes.js';
import { runInProcess as run } from '../testing/run-in-process.js';

function record(id: string, servedBy: string | null, costUsd: number, latencyMs: number): DecisionRecord {
  const provider = servedBy === 'local-qwen' ? 'ollama' : 'openai';
  return {
    schemaVersion: 1,
    requestId: id,
    time: '2026-06-25T10:00:00.000Z',
    route: 'chat',
    operation: 'generate',
    context: { jurisdiction: 'DE' },
    policyVersion: 'p1',
    verdicts: [],
    skipped: [],
    attempts: [
      {
        targetId: servedBy ?? 'oa-gpt',
        provider,
        model: 'm',
        startMs: 0,
        latencyMs,
        outcome: servedBy === null ? 'failure' : 'success',
        retry: 0,
        costUsd,
      },
    ],
    servedBy,
    outcome: servedBy === null ? 'failed' : 'served',
    totals: {
      latencyMs,
      attempts: 1,
      fallbackDepth: 0,
      usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, reasoningTokens: 0 },
      costUsd,
      wastedCostUsd: servedBy === null ? costUsd : 0,
    },
  };
}

/** A config with one hosted target or local open weights (ids starting `local-`) per id. */
function configYaml(ids: readonly string[]): string {
  const targets = ids.map((id) =>
    id.startsWith('local-')
      ? `  - { id: ${id}, provider: ollama, model: qwen3, hostedIn: self, origin: CN, weights: open, contextWindow: 32768 }`
      : `  - { id: ${id}, provider: openai, model: gpt-5.4, hostedIn: US, origin: US, weights: closed, contextWindow: 400000 }`,
  );
  return `targets:\n${targets.join('\n')}\nroutes:\n  chat: { targets: [${ids.join(', ')}] }\npolicy: { id: allow-all }\n`;
}

describe('switchyard', () => {
  describe('report', () => {
    let folder: string;
    let records: string;
    beforeEach(async () => {
      folder = await mkdtemp(join(tmpdir(), 'switchyard-cli-report-'));
      records = join(folder, 'records.jsonl');
      await writeFile(
        records,
        [
          JSON.stringify(record('a', 'oa-gpt', 0.5, 100)),
          'not json',
          JSON.stringify(record('b', 'local-qwen', 0, 300)),
          JSON.stringify(record('c', null, 0.25, 50)),
        ].join('\n'),
      );
    });
    afterEach(async () => {
      await rm(folder, { recursive: true, force: true });
    });

    it('prints the tables and reports bad lines on stderr without failing', async () => {
      const result = await run('report', records);
      expect(result.code).toBe(exitCodes.ok);
      expect(result.stdout).toContain(`3 decision records from ${records}`);
      expect(result.stdout).toMatch(/openai\s+│\s+2 │\s+1 │\s+\$0\.5 │\s+\$0\.25 │\s+\$0\.75 │/);
      expect(result.stderr).toContain(`switchyard: ${records}:2: invalid JSON`);
      expect(result.stderr).toContain('1 bad line(s) skipped');
    });

    it('fails with exit 3 on records with bad lines and no record at all (a binary file), after listing them', async () => {
      const binary = join(folder, 'binary.jsonl');
      await writeFile(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x0a, 0x00, 0xff, 0x0a]));
      const result = await run('report', binary);
      expect(result.code).toBe(exitCodes.invalidInput);
      expect(result.stderr).toContain(`switchyard: ${binary}:1: invalid JSON`);
      expect(result.stderr).toContain(`${binary}: none of its 2 line(s) is a decision record`);
      // The same for the run it is compared with.
      const compared = await run('report', records, '--compare', binary);
      expect(compared.code).toBe(exitCodes.invalidInput);
      expect(compared.stderr).toContain(`${binary}: none of its 2 line(s) is a decision record`);
    });

    it('writes the HTML, Markdown and JSON files it is asked for, grouped by --by, with --events', async () => {
      const html = join(folder, 'out', 'report.html');
      const md = join(folder, 'report.md');
      const json = join(folder, 'report.json');
      const events = join(folder, 'events.json');
      await writeFile(events, JSON.stringify([{ at: '2026-06-25T10:00:30Z', label: 'ban oa-gpt' }]));
      const result = await run(
        'report',
        records,
        '--by',
        'jurisdiction,data-class',
        '--bucket',
        '10s',
        '--html',
        html,
        '--md',
        md,
        '--json',
        json,
        '--events',
        events,
        '--quiet',
      );
      expect(result.code).toBe(exitCodes.ok);
      expect(result.stdout).toBe(`Markdown report: ${md}\nJSON report: ${json}\nHTML report: ${html}\n`);
      const parsed = JSON.parse(await readFile(json, 'utf8'));
      expect(parsed.report.by).toEqual(['jurisdiction', 'dataClass']);
      expect(parsed.report.bucketMs).toBe(10_000);
      expect(parsed.report.groups[0].key).toEqual({ jurisdiction: 'DE', dataClass: '(none)' });
      expect(parsed.report.events[0].label).toBe('ban oa-gpt');
      expect(await readFile(html, 'utf8')).toContain('data-chart="traffic-share"');
      expect(await readFile(md, 'utf8')).toContain('## Cost and latency by jurisdiction, dataClass');
    });

    it("shows offsets from a drill's start, as its summary does, given the drill's events.json", async () => {
      const events = join(folder, 'events.json');
      const start = Date.parse('2026-06-25T09:59:00Z');
      await writeFile(
        events,
        JSON.stringify([{ at: start + 60_000, offsetMs: 60_000, label: 'ban oa-gpt', source: 'timeline' }]),
      );
      const output = await run('report', records, '--events', events, '--md', join(folder, 'r.md'));
      expect(output.code).toBe(0);
      expect(output.stdout).toContain('(+1m to +1m from 2026-06-25T09:59:00Z)');
      const markdown = await readFile(join(folder, 'r.md'), 'utf8');
      expect(markdown).toContain('| 1 | +1m | ban oa-gpt | timeline |');
      const other = join(folder, 'other-run.json');
      await writeFile(
        other,
        JSON.stringify([
          { at: start, offsetMs: 0, label: 'a' },
          { at: start + 5_000, offsetMs: 0, label: 'b' },
        ]),
      );
      const refused = await run('report', records, '--events', other);
      expect(refused.code).toBe(exitCodes.invalidInput);
      expect(refused.stderr).toContain(`${other}[1].offsetMs: puts the run's start at`);
    });

    it('compares with another run', async () => {
      const before = join(folder, 'before.jsonl');
      await writeFile(before, `${JSON.stringify(record('z', 'oa-gpt', 0.25, 100))}\n`);
      const result = await run('report', records, '--compare', before, '--json', join(folder, 'c.json'));
      expect(result.code).toBe(exitCodes.ok);
      expect(result.stdout).toContain(`Compared with ${before} (after − before)`);
      const parsed = JSON.parse(await readFile(join(folder, 'c.json'), 'utf8'));
      expect(parsed.comparison.total.delta.requests).toBe(2);
      expect(parsed.comparison.total.delta.costUsd).toBeCloseTo(0.5, 12);
    });

    it('labels local open weights in every table given the config the records were made with', async () => {
      const config = join(folder, 'switchyard.yaml');
      await writeFile(config, configYaml(['oa-gpt', 'local-qwen']));
      const md = join(folder, 'labelled.md');
      const labelled = await run('report', records, '--by', 'target', '--config', config, '--md', md);
      expect(labelled.code).toBe(exitCodes.ok);
      expect(labelled.stderr).not.toContain('--config');
      expect(labelled.stdout).toContain('local-qwen (local open weights)');
      expect(labelled.stdout).not.toContain('oa-gpt (local open weights)');
      expect(await readFile(md, 'utf8')).toContain('local-qwen (local open weights)');
      const bare = await run('report', records, '--by', 'target');
      expect(bare.stdout).not.toContain('(local open weights)');
      // A drill scenario's config does the same.
      const scenario = join(folder, 'drill.yaml');
      const indented = configYaml(['oa-gpt', 'local-qwen']).trimEnd().replace(/^/gm, '  ');
      await writeFile(
        scenario,
        `name: d\nstart: 2026-06-25T10:00:00Z\nduration: 1m\nconfig:\n${indented}\nworkload:\n  route: chat\n  total: 10\n  rate: 1\n  mix: { jurisdictions: { DE: 1 } }\nassertions:\n  - type: all-accounted\n`,
      );
      const fromScenario = await run('report', records, '--config', scenario);
      expect(fromScenario.code).toBe(exitCodes.ok);
      expect(fromScenario.stderr).not.toContain(scenario);
      expect(fromScenario.stdout).toContain('local-qwen (local open weights)');
    });

    it('labels local open weights by the catalog kept beside the records when no --config is given', async () => {
      const config = parseConfig({ text: configYaml(['oa-gpt', 'local-qwen']), file: 'switchyard.yaml' });
      const { catalog, prices } = catalogDocuments({ config });
      const basis = join(folder, 'records.basis.jsonl');
      await writeFile(basis, `${JSON.stringify(catalog)}\n${JSON.stringify(prices)}\n`);
      const labelled = await run('report', records, '--by', 'target');
      expect(labelled.code).toBe(exitCodes.ok);
      expect(labelled.stdout).toContain('local-qwen (local open weights)');
      // A basis that cannot be read is said, and the report goes on unlabelled.
      await writeFile(basis, 'not json\n');
      const unreadable = await run('report', records, '--by', 'target');
      expect(unreadable.code).toBe(exitCodes.ok);
      expect(unreadable.stderr).toContain(`switchyard: ${basis}:1: invalid JSON at column 2: expected null`);
      expect(unreadable.stderr).toContain("its records' local open weights are not labelled (give --config)");
      expect(unreadable.stdout).not.toContain('(local open weights)');
    });

    it('refuses a --config that names none of the records targets and says which ones it leaves out', async () => {
      const other = join(folder, 'other.yaml');
      await writeFile(other, configYaml(['eu-mistral']));
      const refused = await run('report', records, '--config', other);
      expect(refused.code).toBe(exitCodes.usage);
      expect(refused.stderr).toContain(
        `switchyard: --config ${other} names none of the records' targets (local-qwen, oa-gpt); its targets are eu-mistral: pass the config the records were made with`,
      );
      expect(refused.stdout).toBe('');
      const partial = join(folder, 'partial.yaml');
      await writeFile(partial, configYaml(['local-qwen']));
      const half = await run('report', records, '--config', partial);
      expect(half.code).toBe(exitCodes.ok);
      expect(half.stderr).toContain(
        `switchyard: --config ${partial} does not name oa-gpt, target(s) of the records: they are not labelled`,
      );
      const broken = join(folder, 'broken.yaml');
      await writeFile(broken, 'targets: [');
      const invalid = await run('report', records, '--config', broken);
      expect(invalid.code).toBe(exitCodes.invalidInput);
      expect(invalid.stderr).toContain(broken);
    });

    it('exits 2 with what to change for an unknown --by dimension or a bad --bucket', async () => {
      const by = await run('report', records, '--by', 'country');
      expect(by.code).toBe(exitCodes.usage);
      expect(by.stderr).toContain('unknown dimension "country"; use any of provider, target, route');
      const bucket = await run('report', records, '--bucket', 'soon');
      expect(bucket.code).toBe(exitCodes.usage);
      expect(bucket.stderr).toContain('bucket "soon" is not a duration');
    });

    it('exits 2 naming --by and the dimensions when --by names none', async () => {
      const empty = await run('report', records, '--by', '');
      expect(empty.code).toBe(exitCodes.usage);
      expect(empty.stderr).toContain(
        'switchyard: --by: "" names no dimension; use any of provider, target, route, jurisdiction, dataClass, tenant, time',
      );
    });

    it('exits 3 naming the files when the records, or the baseline, hold no record at all', async () => {
      const empty = join(folder, 'empty.jsonl');
      const blank = join(folder, 'blank.jsonl');
      await writeFile(empty, '');
      await writeFile(blank, '\n  \r\n\n');
      const both = await run('report', empty, blank);
      expect(both.code).toBe(exitCodes.invalidInput);
      expect(both.stderr).toContain(
        `${empty}, ${blank} hold no decision records (empty, or only blank lines)`,
      );
      expect(both.stdout).toBe('');
      const baseline = await run('report', records, '--compare', blank);
      expect(baseline.code).toBe(exitCodes.invalidInput);
      expect(baseline.stderr).toContain(`${blank} holds no decision records`);
      // An empty file beside records (a log's current file just after it rotated) is fine.
      expect((await run('report', empty, records)).code).toBe(exitCodes.ok);
    });

    it('exits 3 when a records or events file cannot be read', async () => {
      const missing = await run('report', join(folder, 'missing.jsonl'));
      expect(missing.code).toBe(exitCodes.invalidInput);
      expect(missing.stderr).toContain('cannot read records file');
      const events = join(folder, 'events.json');
      await writeFile(events, '{"at": 1}');
      const badEvents = await run('report', records, '--events', events);
      expect(badEvents.code).toBe(exitCodes.invalidInput);
      expect(badEvents.stderr).toContain('expected a JSON array');
    });

    it('exits 4 naming the file and what it is when a report cannot be written (a full disk)', async () => {
      const result = await run('report', records, '--quiet', '--json', '/dev/full');
      expect(result.code).toBe(exitCodes.runFailed);
      expect(result.stderr).toContain(
        'switchyard: cannot write the JSON report to /dev/full: ENOSPC: no space left on device',
      );
    });

    it('shows its options with --help', async () => {
      const result = await run('report', '--help');
      expect(result.code).toBe(exitCodes.ok);
      for (const option of [
        '--by',
        '--bucket',
        '--html',
        '--md',
        '--json',
        '--compare',
        '--events',
        '--config',
      ])
        expect(result.stdout).toContain(option);
    });
  });
});
