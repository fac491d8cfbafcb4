import {
  compileConfigPolicy,
  describeSide,
  diffPolicy,
  errorCodes,
  formatCallers,
  formatDataClasses,
  formatWindow,
  parseInstant,
  SwitchyardError,
} from '@switchyard/core';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { readConfigFile } from '../read-config-file.js';

interface DiffPolicyOptions {
  from?: string;
  to?: string;
  json: boolean;
  failOnChange: boolean;
}

function instant(option: string, value: string): number {
  const parsed = parseInstant(value);
  if (!parsed.ok) throw new UsageError(`${option}: ${parsed.message}`);
  return parsed.epochMs;
}

/**
 * Registers `switchyard diff-policy OLD [NEW]`: for every route, caller
 * jurisdiction, data class and time segment, which targets become allowed
 * or denied, and by which rule. Two configs, or one config at two instants
 * (`--from`, `--to`).
 *
 * @example
 * ```sh
 * switchyard diff-policy switchyard.yaml switchyard.next.yaml
 * switchyard diff-policy switchyard.yaml --from 2026-06-24T00:00:00Z --to 2026-06-25T00:00:00Z
 * ```
 */
export function registerDiffPolicyCommand(program: Command, output: Output): Command {
  return program
    .command('diff-policy')
    .description(
      'Show which targets become allowed or denied, and by which rule, for every route x jurisdiction x data class x time segment',
    )
    .argument('<old>', 'the config before the change')
    .argument('[new]', 'the config after the change (default: the same config, with --from and --to)')
    .option('--from <instant>', 'evaluate the old side at this ISO 8601 instant (e.g. 2026-06-24T00:00:00Z)')
    .option('--to <instant>', 'evaluate the new side at this ISO 8601 instant')
    .option('--json', 'print the changes as JSON', false)
    .option('--fail-on-change', 'exit 1 when anything changes (for CI review gates)', false)
    .addHelpText(
      'after',
      `
Exit codes: 0 done (changes or not); 1 something changed and --fail-on-change;
2 bad usage; 3 invalid or unreadable config.

Examples:
  $ switchyard diff-policy switchyard.yaml switchyard.next.yaml
  $ switchyard diff-policy switchyard.yaml --from 2026-06-24T00:00:00Z --to 2026-07-01T00:00:00Z`,
    )
    .action(async (oldFile: string, newFile: string | undefined, options: DiffPolicyOptions) => {
      if ((options.from === undefined) !== (options.to === undefined))
        throw new UsageError('give both --from and --to, or neither');
      if (newFile === undefined && options.from === undefined)
        throw new UsageError(
          'give a second config, or --from and --to to compare one config at two instants',
        );
      const from = options.from === undefined ? undefined : instant('--from', options.from);
      const to = options.to === undefined ? undefined : instant('--to', options.to);
      const oldConfig = await readConfigFile(oldFile, '<old>');
      const newConfig = newFile === undefined ? oldConfig : await readConfigFile(newFile, '<new>');
      const before = {
        policy: compileConfigPolicy({ config: oldConfig }),
        routes: oldConfig.routes,
        defaults: oldConfig.defaults.context,
      };
      const after =
        newFile === undefined
          ? before
          : {
              policy: compileConfigPolicy({ config: newConfig }),
              routes: newConfig.routes,
              defaults: newConfig.defaults.context,
            };
      const diff = diffPolicy({
        before: { ...before, ...(from === undefined ? {} : { at: from }) },
        after: { ...after, ...(to === undefined ? {} : { at: to }) },
      });
      const sides = `${oldFile}${from === undefined ? '' : ` at ${options.from}`} (policy ${before.policy.version}) -> ${
        newFile ?? oldFile
      }${to === undefined ? '' : ` at ${options.to}`} (policy ${after.policy.version})`;
      if (options.json) {
        output.stdout(
          `${JSON.stringify(
            {
              before: { file: oldFile, policyVersion: before.policy.version, at: options.from ?? null },
              after: {
                file: newFile ?? oldFile,
                policyVersion: after.policy.version,
                at: options.to ?? null,
              },
              changes: diff.changes.map((change) => ({
                route: change.route,
                targetId: change.targetId,
                before: change.before,
                after: change.after,
                where: change.where.map((where) => ({
                  callers: where.callers.kind === 'unknown' ? ['(none)'] : where.callers.codes,
                  callerKind: where.callers.kind,
                  dataClasses: where.dataClasses.map((dataClass) => dataClass ?? null),
                  from: Number.isFinite(where.from) ? new Date(where.from).toISOString() : null,
                  until: Number.isFinite(where.until) ? new Date(where.until).toISOString() : null,
                })),
              })),
            },
            null,
            2,
          )}\n`,
        );
      } else {
        output.stdout(`Policy diff: ${sides}\n`);
        if (diff.changes.length === 0) {
          output.stdout(
            'No change: both sides allow and deny the same targets for every route, jurisdiction, data class and time.\n',
          );
        }
        let route: string | undefined;
        for (const change of diff.changes) {
          if (change.route !== route) {
            route = change.route;
            output.stdout(`\nroute ${route}\n`);
          }
          output.stdout(
            `  ${change.targetId}: ${describeSide(change.before)} -> ${describeSide(change.after)}\n`,
          );
          for (const where of change.where) {
            const window = diff.atInstants ? '' : ` ${formatWindow(where.from, where.until)}`;
            output.stdout(
              `    for ${formatCallers(where.callers)}${formatDataClasses(where.dataClasses, diff.dataClasses)}${window}\n`,
            );
          }
        }
        if (diff.changes.length > 0)
          output.stdout(`\n${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}\n`);
      }
      if (options.failOnChange && diff.changes.length > 0) {
        throw new SwitchyardError({
          code: errorCodes.POLICY_TEST_FAILED,
          message: `the policy changed: ${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'} (--fail-on-change)`,
        });
      }
    });
}
