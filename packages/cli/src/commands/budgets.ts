import {
  type AmountUnit,
  type BudgetAmount,
  type BudgetLimits,
  budgetCounters,
  budgetSpendFromRecords,
  type CompiledBudget,
  compileBudgets,
  type DecisionRecord,
  parseInstant,
} from '@switchyard/core';
import { readBudgetUsage, redactUrl } from '@switchyard/redis';
import { emptyRecordsError, ReportInputError, readRecords } from '@switchyard/report';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import { parseNumberOption, parseRedisUrl } from '../option-values.js';
import type { Output } from '../output.js';
import { readConfigFile } from '../read-config-file.js';
import { refuseRepeatedFiles } from '../refuse-repeated-files.js';

interface BudgetsCommandOptions {
  config: string;
  records?: string[];
  redis?: string;
  fleet: string;
  keyPrefix: string;
  timeout: number;
  at?: string;
  json: boolean;
}

/** One counter's standing in one unit, as printed. */
export interface BudgetStanding {
  readonly budgetId: string;
  readonly key: string;
  readonly unit: AmountUnit;
  readonly limit: number;
  readonly spent: number;
  /** Held by attempts in flight (Redis only; 0 from records). */
  readonly reserved: number;
  readonly remaining: number;
  /** When the window's oldest spend stops counting (calendar: the period's end). */
  readonly resetsAt: number;
}

const units: readonly AmountUnit[] = ['microUsd', 'tokens', 'requests'];

function show(unit: AmountUnit, value: number): string {
  return unit === 'microUsd'
    ? `$${(value / 1_000_000).toFixed(6).replace(/0{1,4}$/, '')}`
    : `${value} ${unit}`;
}

function windowText(budget: CompiledBudget): string {
  const window = budget.budget.window;
  return 'rolling' in window
    ? `rolling ${Math.round(window.rolling / 60_000)} min`
    : `${window.calendar} (${window.timeZone})`;
}

function standings(
  budget: CompiledBudget | undefined,
  key: string,
  limits: BudgetLimits | undefined,
  spent: BudgetAmount,
  reserved: BudgetAmount,
  resetsAt: number,
): BudgetStanding[] {
  if (!budget || !limits) return [];
  return units.flatMap((unit) => {
    const limit = limits[unit];
    if (limit === undefined) return [];
    return [
      {
        budgetId: budget.id,
        key,
        unit,
        limit,
        spent: spent[unit],
        reserved: reserved[unit],
        remaining: Math.max(0, limit - spent[unit] - reserved[unit]),
        resetsAt,
      },
    ];
  });
}

/**
 * Prints what each budget counter of a config has left at an instant: from
 * decision records (the memory store's spend, rebuilt: each attempt's
 * charge counted once, in its window) or from the fleet's Redis (spend and
 * reservations in flight, read with one script per call). Counters the
 * records or Redis never saw are listed with their whole limit left when
 * their budget has no `per` split.
 *
 * @param options.options the parsed options.
 * @param options.output where to print.
 * @returns the standings printed.
 * @throws {UsageError} when neither or both of --records and --redis are given, or --at is not an instant.
 * @throws {ConfigError} when the config is invalid.
 */
export async function runBudgets({
  options,
  output,
}: {
  options: BudgetsCommandOptions;
  output: Output;
}): Promise<BudgetStanding[]> {
  const fromRecords = (options.records?.length ?? 0) > 0;
  if (fromRecords === (options.redis !== undefined))
    throw new UsageError(
      'give either --records <file...> (decision records) or --redis <url> (the fleet store)',
    );
  refuseRepeatedFiles({ files: options.records ?? [], what: '--records' });
  let at = Date.now();
  if (options.at !== undefined) {
    const parsed = parseInstant(options.at);
    if (!parsed.ok) throw new UsageError(`--at: ${parsed.message}`);
    at = parsed.epochMs;
  }
  const config = await readConfigFile(options.config);
  const budgets = compileBudgets({ budgets: config.budgets, groups: config.groups });
  if (budgets.all.length === 0) {
    output.stdout(`${options.config} has no budgets.\n`);
    return [];
  }
  const seen = new Set<string>();
  const rows: BudgetStanding[] = [];
  // When the oldest counted spend stops counting: the period's end, or (rolling) the oldest spent slice's release.
  const resetsAt = (budget: CompiledBudget, oldestBucket: number | undefined) =>
    budget.window.kind === 'calendar' || oldestBucket === undefined
      ? budget.window.releasedAt(at)
      : budget.window.releasedAt(oldestBucket);
  if (fromRecords) {
    const records: DecisionRecord[] = [];
    const given = options.records ?? [];
    const reader = readRecords({ sources: given, validation: 'full' });
    for await (const record of reader) records.push(record);
    // Spend rebuilt without some records would be too low, and from none at all would leave every limit whole.
    const { stats } = reader;
    const first = stats.badLineSamples[0];
    if (first !== undefined)
      throw new ReportInputError({
        source: first.source,
        unreadable: false,
        message: `${first.source}:${first.line}: ${first.message}${stats.badLines > 1 ? ` (and ${stats.badLines - 1} more bad line(s))` : ''}; expected decision records only: the spend rebuilt without a record would be too low`,
      });
    if (stats.records === 0) throw emptyRecordsError({ sources: given });
    for (const counter of budgetSpendFromRecords({ records, budgets, at })) {
      seen.add(counter.key);
      const budget = budgets.byId(counter.budgetId);
      const zero = { microUsd: 0, tokens: 0, requests: 0 };
      if (budget)
        rows.push(
          ...standings(
            budget,
            counter.key,
            counter.limits,
            counter.spent,
            zero,
            resetsAt(budget, counter.oldestBucket),
          ),
        );
    }
  } else {
    const usage = await readBudgetUsage({
      url: options.redis as string,
      fleet: options.fleet,
      keyPrefix: options.keyPrefix,
      timeoutMs: options.timeout,
      now: at,
      firstBucketOf: (budgetId) => {
        const budget = budgets.byId(budgetId);
        return budget ? budgetCounters([{ budget, key: budgetId }], at)[0]?.firstBucket : undefined;
      },
    });
    for (const counter of usage) {
      seen.add(counter.key);
      const budget = budgets.byId(counter.budgetId);
      if (budget)
        rows.push(
          ...standings(
            budget,
            counter.key,
            budget.limits,
            counter.spent,
            counter.reserved,
            resetsAt(budget, counter.oldestBucket),
          ),
        );
    }
  }
  for (const budget of budgets.all) {
    if (budget.budget.per.length > 0 || seen.has(budget.id)) continue;
    const zero = { microUsd: 0, tokens: 0, requests: 0 };
    rows.push(...standings(budget, budget.id, budget.limits, zero, zero, resetsAt(budget, undefined)));
  }
  rows.sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : units.indexOf(a.unit) - units.indexOf(b.unit),
  );
  if (options.json) {
    output.stdout(`${JSON.stringify({ at: new Date(at).toISOString(), budgets: rows }, null, 2)}\n`);
    return rows;
  }
  const source = fromRecords
    ? `${options.records?.join(', ')}`
    : `fleet "${options.fleet}" (${redactUrl(options.redis as string)})`;
  output.stdout(`Budgets of ${options.config} at ${new Date(at).toISOString()}, from ${source}\n`);
  const table = new Table({
    head: ['budget', 'counter', 'window', 'limit', 'spent', 'in flight', 'remaining', 'used', 'resets'],
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    const budget = budgets.byId(row.budgetId) as CompiledBudget;
    const used = row.limit === 0 ? 1 : (row.spent + row.reserved) / row.limit;
    table.push([
      row.budgetId,
      row.key,
      windowText(budget),
      show(row.unit, row.limit),
      show(row.unit, row.spent),
      show(row.unit, row.reserved),
      show(row.unit, row.remaining),
      `${(used * 100).toFixed(1)} %${row.remaining === 0 ? ' EXHAUSTED' : ''}`,
      new Date(row.resetsAt).toISOString(),
    ]);
  }
  output.stdout(`${table.toString()}\n`);
  return rows;
}

/**
 * Registers `switchyard budgets`: what each budget has left, from decision
 * records (`--records`) or the fleet's Redis (`--redis`).
 *
 * Exit codes: 0 printed, 2 bad option, 3 invalid config or records, 4 Redis could not be read.
 *
 * @example
 * ```sh
 * switchyard budgets --config switchyard.yaml --records .switchyard/records.jsonl
 * switchyard budgets --config switchyard.yaml --redis redis://127.0.0.1:6379 --fleet checkout
 * ```
 */
export function registerBudgetsCommand(program: Command, output: Output): Command {
  return program
    .command('budgets')
    .description(
      'Show what each budget has left: spend, reservations in flight and remaining per counter, from decision records or the fleet’s Redis',
    )
    .requiredOption('-c, --config <file>', 'the config whose budgets to show (YAML or JSON)')
    .option('--records <files...>', 'decision records (JSONL) to rebuild the spend from')
    .option('--redis <url>', 'the Redis the fleet shares, e.g. redis://127.0.0.1:6379', parseRedisUrl)
    .option('--fleet <name>', 'the fleet (createRedisBudgetStore fleet option)', 'default')
    .option('--key-prefix <prefix>', 'the key prefix (createRedisBudgetStore keyPrefix option)', 'switchyard')
    .option(
      '--timeout <ms>',
      'Redis connection and read timeout',
      parseNumberOption('--timeout', { integer: true, above: 0 }),
      2_000,
    )
    .option('--at <instant>', 'the windows at this ISO 8601 instant with an offset instead of now')
    .option('--json', 'print the standings as JSON', false)
    .action(async (options: BudgetsCommandOptions) => {
      await runBudgets({ options, output });
    });
}
