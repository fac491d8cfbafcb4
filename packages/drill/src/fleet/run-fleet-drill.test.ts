import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordsFile } from '../run/records-file.js';
import { runDrill } from '../run/run-drill.js';
import type { ScenarioInput } from '../scenario/scenario-schema.js';
import { FleetMembers } from './fleet-members.js';
import { runFleetDrill } from './run-fleet-drill.js';

/**
 * A real fleet drill: three router processes against loopback simulators and
 * an embedded redis-server (Debian's, `bash scripts/services.sh redis`), in
 * real time. The model is withdrawn at 400 ms; the fleet must learn of it
 * from the first process that hits it. A rule banning it becomes effective at 700 ms.
 */
const startMs = Date.parse('2026-06-25T09:00:00Z');

interface WrittenEvent {
  readonly at: number;
  readonly offsetMs: number;
  readonly label: string;
  readonly source: string;
  readonly playedAt?: number;
  readonly playedOffsetMs?: number;
}
const scenario: ScenarioInput = {
  name: 'fleet-withdrawal',
  config: {
    targets: [
      {
        id: 'gpt',
        provider: 'openai',
        model: 'gpt-4o',
        hostedIn: 'US',
        origin: 'US',
        weights: 'closed',
        capabilities: ['tools', 'streaming'],
        contextWindow: 128_000,
        price: { input: 2.5, output: 10 },
      },
      {
        id: 'local',
        provider: 'ollama',
        model: 'llama4',
        hostedIn: 'self',
        origin: 'US',
        weights: 'open',
        capabilities: ['tools', 'streaming'],
        contextWindow: 128_000,
        price: { input: 0, output: 0 },
      },
    ],
    routes: { chat: { targets: ['gpt'], lastResort: ['local'] } },
    // A ban that becomes effective mid-drill: its date is an event of the drill, as in a single drill.
    policy: {
      id: 'dated',
      rules: [
        {
          id: 'acme/us-ban',
          description: 'gpt may not serve US callers from the date on',
          source: 'test',
          effect: 'deny',
          effective: '2026-06-25T09:00:00.700Z',
          when: { jurisdiction: ['US'] },
          targets: { id: ['gpt'] },
        },
      ],
    },
  },
  workload: { route: 'chat', rate: 60, total: 90, mix: { jurisdictions: { US: 1 } } },
  timeline: [{ at: '400ms', type: 'cutoff', target: 'gpt', signal: 'model_withdrawn' }],
  assertions: [{ type: 'success-rate', min: 1 }, { type: 'all-accounted' }],
  fleet: {
    processes: 3,
    assertions: [
      { type: 'propagation', maxMs: 5_000 },
      { type: 'attempts-after-propagation', max: 0 },
      { type: 'wasted-attempts-per-process', max: 100 },
    ],
  },
};

/** This process's router processes (its children running the member script), by pid. */
function memberProcesses(): number[] {
  // Children are listed under the thread that started them: read every thread's.
  const children = readdirSync(`/proc/${process.pid}/task`).flatMap((thread) =>
    readFileSync(`/proc/${process.pid}/task/${thread}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );
  return children.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('fleet-member-process');
    } catch {
      return false;
    }
  });
}

describe('runFleetDrill', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Three real router processes (tsx) start and run in real time: 15 s on a loaded 2-core machine.
  it('runs the workload on three router processes and measures how the cut-off reached the fleet', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchyard-fleet-'));
    try {
      const lines: string[] = [];
      // Records are handed to the records file as they arrive, not kept until the end: count the
      // writes made by the time every process has finished (before the drill writes anything else).
      const writes = vi.spyOn(RecordsFile.prototype, 'write');
      const finished = FleetMembers.prototype.finished;
      let writtenWhenFinished: number | undefined;
      vi.spyOn(FleetMembers.prototype, 'finished').mockImplementation(function (this: FleetMembers) {
        return finished.call(this).then(() => {
          writtenWhenFinished = writes.mock.calls.length;
        });
      });
      const told: string[] = [];
      const result = await runFleetDrill({
        scenario,
        out,
        onLog: (line) => lines.push(line),
        onRecord: (record) => told.push(`${record.requestId} ${String(record.labels?.process)}`),
      });
      expect(writtenWhenFinished).toBe(90);
      expect(writes).toHaveBeenCalledTimes(90);
      // Each record is told as written, naming its process.
      expect(told).toEqual(
        writes.mock.calls.map(([record]) => `${record.requestId} ${String(record.labels?.process)}`),
      );
      expect(new Set(told.map((line) => line.split(' ')[1]))).toEqual(new Set(['p1', 'p2', 'p3']));
      expect(result.records).toEqual([]);
      expect(result.processFailures).toEqual([]);
      expect(result.failures).toBeUndefined();
      expect(result.processes).toEqual(['p1', 'p2', 'p3']);
      expect(result.counts).toMatchObject({ planned: 90, sent: 90, served: 90, failed: 0, lost: 0 });
      expect(result.counts.attempts).toBeGreaterThanOrEqual(90);
      expect(result.cutoffs).toHaveLength(1);
      const [cutoff] = result.cutoffs;
      expect(cutoff).toMatchObject({ targetId: 'gpt', scope: '*' });
      expect(cutoff?.neverLearnt).toEqual([]);
      expect(cutoff?.learnt).toHaveLength(3);
      // The news reached every process but the first detector, whether or not it had hit the cut-off itself meanwhile.
      expect(cutoff?.propagation.map((entry) => entry.process).sort()).toEqual(
        ['p1', 'p2', 'p3'].filter((process) => process !== cutoff?.firstDetection.by),
      );
      // Timing depends on the machine's load; these do not: a process that knew never tried gpt again,
      // and every attempt that hit the cut-off is counted once.
      expect(cutoff?.attemptsAfterLearning).toBe(0);
      const wasted = Object.values(cutoff?.wasted ?? {}).reduce((sum, count) => sum + count, 0);
      const hitOnGpt = result.healthEvents.length === 0 ? 0 : wasted;
      expect(hitOnGpt).toBeGreaterThanOrEqual(cutoff?.detectedBy.length ?? 1);
      expect(result.fleetVerdicts.map((verdict) => verdict.name)).toEqual([
        'propagation p100 <= 5000 ms',
        'attempts after propagation <= 0',
        'wasted attempts per process and cut-off <= 100',
      ]);
      expect(result.fleetVerdicts.every((verdict) => verdict.passed)).toBe(true);
      expect(result.passed).toBe(true);
      expect(Object.keys(result.eventLoops).sort()).toEqual(['p1', 'p2', 'p3']);
      expect(lines.some((line) => /detected the cut-off of gpt/.test(line))).toBe(true);

      const summary = await readFile(join(out, 'summary.txt'), 'utf8');
      expect(summary).toMatch(/^PASSED: all 5 assertions hold \(fleet of 3 processes\)/);
      expect(summary).toMatch(/gpt for everyone: first detected by p\d at \+\d\.\d{3}s/);
      expect(summary).toMatch(/news reached 2 of 2 other processes: p50 [\d.]+ ms, max [\d.]+ ms/);
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      expect(records).toHaveLength(90);
      // Complete: one line per request accounted for, each request once.
      expect(records).toHaveLength(result.counts.served + result.counts.failed);
      expect(new Set(records.map((line) => JSON.parse(line).requestId)).size).toBe(90);
      // Each record names the process that made it, and the processes' figures add up from the file.
      const madeBy: Record<string, number> = {};
      for (const line of records) {
        const made = String(JSON.parse(line).labels?.process);
        madeBy[made] = (madeBy[made] ?? 0) + 1;
      }
      expect(madeBy).toEqual(
        Object.fromEntries(Object.entries(result.byProcess).map(([id, figures]) => [id, figures.requests])),
      );
      // Beside them, once each, the documents every record names (what `switchyard replay` reproduces
      // them under).
      const basis = (await readFile(join(out, 'records.basis.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { kind: string; version: string });
      const held = new Set(basis.map((document) => `${document.kind}:${document.version}`));
      expect(held.size).toBe(basis.length);
      const named = new Set<string>();
      for (const line of records) {
        const { policyVersion, decision } = JSON.parse(line);
        named.add(`policy:${policyVersion}`);
        named.add(`catalog:${decision.catalogVersion}`);
        named.add(`prices:${decision.priceVersion}`);
      }
      expect([...named].filter((key) => !held.has(key))).toEqual([]);
      expect(basis.map((document) => document.kind).sort()).toEqual(['catalog', 'policy', 'prices']);

      // What a single drill writes, from the records of every process.
      expect((await readdir(out)).sort()).toEqual([
        'events.json',
        'records.basis.jsonl',
        'records.jsonl',
        'report.html',
        'report.json',
        'report.md',
        'summary.json',
        'summary.txt',
      ]);
      const events = JSON.parse(await readFile(join(out, 'events.json'), 'utf8')) as WrittenEvent[];
      expect(events.map((event) => event.source)).toContain('router');
      const [withdrawal] = events.filter((event) => event.source === 'timeline');
      expect(withdrawal).toMatchObject({ at: startMs + 400, offsetMs: 400 });
      // The real-time timeline never plays an event before its offset; when it played it a
      // millisecond or more late, the event says when (a busy machine: the unit tests force it).
      const played = withdrawal?.playedOffsetMs ?? 400;
      expect(played).toBeGreaterThanOrEqual(400);
      expect(withdrawal?.label).toBe(
        played === 400
          ? 'cutoff model_withdrawn on gpt'
          : `cutoff model_withdrawn on gpt (played at +${(played / 1000).toFixed(3)}s, ${played - 400} ms late)`,
      );
      expect(events.filter((event) => event.source === 'policy')).toEqual([
        {
          at: startMs + 700,
          offsetMs: 700,
          label: 'rule acme/us-ban becomes effective (2026-06-25T09:00:00.700Z)',
          source: 'policy',
        },
      ]);
      const detections = events.filter((event) => event.source === 'router');
      expect(detections.map((event) => event.label)).toEqual(
        cutoff?.detectedBy.map(
          (process) => `router of ${process} cut off gpt for everyone (model_withdrawn)`,
        ),
      );
      expect(detections.every((event) => event.offsetMs >= 400)).toBe(true);
      const written = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
      expect(written.phases.map((phase: { label: string }) => phase.label)).toEqual([
        'start',
        'cutoff model_withdrawn on gpt',
        'rule acme/us-ban becomes effective (2026-06-25T09:00:00.700Z)',
      ]);
      expect(written.fleetVerdicts).toEqual(result.fleetVerdicts);
      const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
      expect(report.presentation.verdict.checks.map((check: { name: string }) => check.name)).toEqual([
        'propagation p100 <= 5000 ms',
        'attempts after propagation <= 0',
        'wasted attempts per process and cut-off <= 100',
        'success-rate',
        'all-accounted',
      ]);
      const markdown = await readFile(join(out, 'report.md'), 'utf8');
      expect(markdown).toContain('## Verdict: PASSED: all 5 assertions hold');
      expect(markdown).toContain(
        '| PASS | attempts after propagation &lt;= 0 | 0 attempts on a cut-off target',
      );
      expect(markdown).toContain('## Router processes');
      expect(summary.trimEnd().split('\n').slice(-5)).toEqual([
        `Records: ${join(out, 'records.jsonl')}`,
        `Events: ${join(out, 'events.json')}`,
        `Summary: ${join(out, 'summary.json')}, ${join(out, 'summary.txt')}`,
        `Report: ${join(out, 'report.md')}, ${join(out, 'report.json')}`,
        `HTML report: ${join(out, 'report.html')}`,
      ]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 180_000);

  // Two real router processes at twice real speed: about 10 s on a loaded 2-core machine.
  it('fails when its records cannot all be written, and puts health events on the axis of its events at a time scale of 2', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchyard-fleet-'));
    try {
      // A records file on a full disk: every write fails with ENOSPC.
      await symlink('/dev/full', join(out, 'records.jsonl'));
      const result = await runFleetDrill({
        scenario: { ...scenario, fleet: { ...scenario.fleet, processes: 2 } },
        out,
        timeScale: 2,
      });
      expect(result.processFailures).toEqual([]);
      expect(result.counts).toMatchObject({ sent: 90, served: 90 });
      expect(result.recordsError).toMatch(
        /records\.jsonl: could not write the decision records \(90 record\(s\)\): .*ENOSPC/,
      );
      expect(result.passed).toBe(false);
      const summary = await readFile(join(out, 'summary.txt'), 'utf8');
      expect(summary).toMatch(/^FAILED: all 5 assertions hold; the records were not all written\n/);
      expect(summary).toContain(`Records: ${result.recordsError}`);
      // Offsets of the drill's axis: real ms from the start times 2. The withdrawal plays at 400
      // (200 real ms), so no process can detect it before offset 400.
      const [withdrawal] = result.events.filter((event) => event.source === 'timeline');
      const played = withdrawal?.playedAtMs ?? 400;
      const detections = result.healthEvents.filter(
        (event) => event.kind === 'cutoff' && event.source === 'local',
      );
      expect(detections.length).toBeGreaterThan(0);
      for (const detection of detections) expect(detection.atMs).toBeGreaterThanOrEqual(played);
      expect(result.cutoffs[0]?.firstDetection.atMs).toBeGreaterThanOrEqual(played);
      // The events list each detection at its health event's offset.
      expect(result.events.filter((event) => event.source === 'router').map((event) => event.atMs)).toEqual(
        detections.map((event) => Math.round(event.atMs)),
      );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 180_000);

  // Two real router processes, one killed when the withdrawal plays: about 5 s on a loaded machine.
  // Linux: the test finds the router processes in /proc (fleet drills run on Debian's redis-server).
  it('keeps the records of a process that died on disk and fails saying which process and why', async () => {
    const out = await mkdtemp(join(tmpdir(), 'switchyard-fleet-'));
    try {
      let killed = false;
      let withdrawn = false;
      const sentRecords = new Set<string>();
      // Once the withdrawal has played and both processes have sent a record (killed sooner, on a
      // loaded machine the victim could die before its first record).
      const killOnce = () => {
        if (killed || !withdrawn || sentRecords.size < 2) return;
        killed = true;
        const [victim] = memberProcesses();
        if (victim !== undefined) process.kill(victim, 'SIGKILL');
      };
      const result = await runFleetDrill({
        scenario: { ...scenario, fleet: { ...scenario.fleet, processes: 2 } },
        out,
        // The first log line is the withdrawal playing (at 400 ms): both processes are sending.
        onLog: () => {
          withdrawn = true;
          killOnce();
        },
        onRecord: (record) => {
          sentRecords.add(String(record.labels?.process));
          killOnce();
        },
      });
      expect(killed).toBe(true);
      expect(result.processFailures).toHaveLength(1);
      expect(result.processFailures[0]).toMatch(/^p[12] exited \(SIGKILL\) before finishing$/);
      expect(result.passed).toBe(false);
      // Every record received from either process is on disk, the dead one's included.
      const records = (await readFile(join(out, 'records.jsonl'), 'utf8')).trim().split('\n');
      const received = Object.values(result.byProcess).reduce((sum, figures) => sum + figures.requests, 0);
      expect(records).toHaveLength(received);
      const dead = result.processFailures[0]?.slice(0, 2) as string;
      expect(result.byProcess[dead]?.requests).toBeGreaterThan(0);
      expect(received).toBeLessThan(90);
      const summary = await readFile(join(out, 'summary.txt'), 'utf8');
      expect(summary).toMatch(/^FAILED: .*; 1 process\(es\) failed/);
      expect(summary).toContain(`  FAIL ${dead} exited (SIGKILL) before finishing`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 180_000);

  it('refuses a scenario without a fleet block, and runDrill refuses one with it', async () => {
    const { fleet: _fleet, ...single } = scenario;
    await expect(runFleetDrill({ scenario: single })).rejects.toThrow(/has no fleet block/);
    await expect(runDrill({ scenario })).rejects.toThrow(/is a fleet drill .*run it with runFleetDrill/);
    const inProcess = {
      ...scenario,
      config: {
        ...scenario.config,
        targets: scenario.config.targets.map((target) =>
          target.id === 'local' ? { ...target, provider: 'llama-cpp', model: 'tiny.gguf' } : target,
        ),
      },
    };
    await expect(runFleetDrill({ scenario: inProcess })).rejects.toThrow(
      /config\.targets\[1\]\.provider: a fleet drill's processes share loopback simulators, and provider "llama-cpp" \(target "local"\) has none/,
    );
  });
  it('refuses an empty out before it starts a process', async () => {
    await expect(runFleetDrill({ scenario, out: '' })).rejects.toThrow(
      'out "": expected a folder for the drill\'s files',
    );
  });
});
