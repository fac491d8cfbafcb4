import { readFleetHealth, redactUrl, snapshotFleetHealth } from '@switchyard/redis';
import type { HealthSnapshot, TargetSnapshot } from '@switchyard/router';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { parseNumberOption, parseRedisUrl } from '../option-values.js';
import type { Output } from '../output.js';

interface HealthCommandOptions {
  redis: string;
  fleet: string;
  keyPrefix: string;
  timeout: number;
  all: boolean;
  json: boolean;
}

/** `12:00:01.123Z (3m 2s ago)` or `(in 42s)`. */
function when(epochMs: number, now: number): string {
  const clock = new Date(epochMs).toISOString().slice(11, 23);
  const seconds = Math.round(Math.abs(epochMs - now) / 1000);
  const span = seconds >= 60 ? `${Math.floor(seconds / 60)}m ${seconds % 60}s` : `${seconds}s`;
  return `${clock}Z (${epochMs > now ? `in ${span}` : `${span} ago`})`;
}

/** One table row per fact of a target: each cut-off, the circuit, the cooldown. */
function rows(target: TargetSnapshot, now: number): string[][] {
  const out: string[][] = [];
  for (const cutoff of target.cutoffs) {
    const others = cutoff.detectedBy.length - 1;
    const evidence = cutoff.evidence;
    out.push([
      target.targetId,
      target.state,
      `cut off ${cutoff.scope === 'target' ? 'for everyone' : `for ${cutoff.jurisdiction}`}${cutoff.reason ? ` (${cutoff.reason})` : ''}`,
      when(cutoff.since, now),
      `${cutoff.by}${others > 0 ? ` (+${others} more)` : ''}`,
      [evidence.status, evidence.code].filter((part) => part !== undefined).join(' ') +
        `${evidence.status !== undefined || evidence.code !== undefined ? ': ' : ''}${evidence.message}`,
    ]);
  }
  if (target.circuit !== undefined && target.circuit.state !== 'closed') {
    out.push([
      target.targetId,
      target.state,
      `circuit ${target.circuit.state}${target.circuit.openUntil === undefined ? '' : ` until ${when(target.circuit.openUntil, now)}`}`,
      when(target.circuit.since, now),
      target.circuit.by,
      '',
    ]);
  }
  if (target.cooldown !== undefined) {
    out.push([
      target.targetId,
      target.state,
      `rate limited until ${when(target.cooldown.until, now)}`,
      when(target.cooldown.since, now),
      target.cooldown.by,
      '',
    ]);
  }
  if (out.length === 0) {
    const fleet = target.latency?.fleet;
    out.push([
      target.targetId,
      target.state,
      fleet?.latencyMs === undefined
        ? ''
        : `latency ${fleet.latencyMs.toFixed(0)} ms (mean of ${fleet.processes} processes)`,
      '',
      '',
      '',
    ]);
  }
  return out;
}

/**
 * Prints a fleet's health as Redis holds it: every cut-off in force (scope,
 * reason, first detection and by whom, evidence), open circuits and running
 * cooldowns. Reads once, atomically, without joining the fleet.
 *
 * @param options.options the parsed options.
 * @param options.output where to print.
 * @param options.now the clock (default `Date.now`).
 * @returns the snapshot printed.
 * @throws {Error} when Redis cannot be reached (the URL's password is never printed).
 */
export async function runHealth({
  options,
  output,
  now = Date.now,
}: {
  options: HealthCommandOptions;
  output: Output;
  now?: () => number;
}): Promise<HealthSnapshot> {
  const reading = await readFleetHealth({
    url: options.redis,
    fleet: options.fleet,
    keyPrefix: options.keyPrefix,
    timeoutMs: options.timeout,
  });
  const takenAt = now();
  const snapshot = snapshotFleetHealth(reading.health, { now: takenAt });
  const shown = options.all
    ? snapshot.targets
    : snapshot.targets.filter((target) => target.state !== 'healthy');
  const where = `fleet "${options.fleet}" (${redactUrl(options.redis)})`;
  if (options.json) {
    output.stdout(
      `${JSON.stringify({ fleet: options.fleet, epoch: reading.epoch ?? null, streamLength: reading.streamLength, invalid: reading.invalid, ...snapshot, targets: shown }, null, 2)}\n`,
    );
    return snapshot;
  }
  for (const problem of reading.invalid) output.stderr(`switchyard: skipped an invalid entry: ${problem}\n`);
  if (reading.epoch === undefined) {
    output.stdout(`No health recorded for ${where}: no process of this fleet has connected yet.\n`);
    return snapshot;
  }
  output.stdout(
    `Health of ${where} at ${new Date(takenAt).toISOString()} (${reading.streamLength} stream entries)\n`,
  );
  if (shown.length === 0) {
    output.stdout(
      `All ${snapshot.targets.length} targets known to the fleet are healthy${snapshot.targets.length === 0 ? '' : ' (--all lists them)'}.\n`,
    );
    return snapshot;
  }
  const table = new Table({
    head: ['target', 'state', 'what', 'since', 'by', 'evidence'],
    colWidths: [null, null, null, null, null, 48],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const target of shown) table.push(...rows(target, takenAt));
  output.stdout(`${table.toString()}\n`);
  const count = (state: TargetSnapshot['state']) =>
    snapshot.targets.filter((target) => target.state === state).length;
  output.stdout(
    `${snapshot.targets.length} targets: ${count('cutoff')} cut off, ${count('degraded')} degraded, ${count('healthy')} healthy.\n`,
  );
  return snapshot;
}

/**
 * Registers `switchyard health --redis URL`: the fleet's shared health
 * (`@switchyard/redis`), as every process of the fleet sees it.
 *
 * Exit codes: 0 printed (whatever the health), 2 bad option, 4 Redis could not be read.
 *
 * @example
 * ```sh
 * switchyard health --redis redis://127.0.0.1:6379 --fleet checkout
 * ```
 */
export function registerHealthCommand(program: Command, output: Output): Command {
  return program
    .command('health')
    .description(
      "Show a fleet's shared health from Redis: cut-offs in force with who detected them, when and on what evidence; open circuits; rate-limit cooldowns",
    )
    .requiredOption('--redis <url>', 'the Redis the fleet shares, e.g. redis://127.0.0.1:6379', parseRedisUrl)
    .option('--fleet <name>', 'the fleet (createRedisHealthStore fleet option)', 'default')
    .option('--key-prefix <prefix>', 'the key prefix (createRedisHealthStore keyPrefix option)', 'switchyard')
    .option(
      '--timeout <ms>',
      'connection and read timeout',
      parseNumberOption('--timeout', { integer: true, above: 0 }),
      2_000,
    )
    .option('--all', 'list healthy targets too', false)
    .option('--json', 'print the snapshot as JSON', false)
    .action(async (options: HealthCommandOptions) => {
      await runHealth({ options, output });
    });
}
