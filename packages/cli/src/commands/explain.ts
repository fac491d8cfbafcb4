import { compilePolicy, countryName, isCountryCode, type RequestContext } from '@switchyard/core';
import Table from 'cli-table3';
import type { Command } from 'commander';
import { UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { readConfigFile } from '../read-config-file.js';

interface ExplainOptions {
  config: string;
  route: string;
  jurisdiction?: string;
  dataClass?: string;
  tenant?: string;
  tag: string[];
  at?: string;
  json: boolean;
}

/**
 * Registers `switchyard explain`: which candidates of a route a caller may
 * use, and which rule decided each one.
 *
 * @example
 * ```sh
 * switchyard explain --config switchyard.yaml --route chat --jurisdiction CN --data-class regulated
 * ```
 */
export function registerExplainCommand(program: Command, output: Output): Command {
  return program
    .command('explain')
    .description("Show which of a route's candidates a caller may use, and the rule and reason for each")
    .requiredOption('-c, --config <file>', 'config file (YAML or JSON)')
    .requiredOption('-r, --route <name>', 'route name')
    .option(
      '-j, --jurisdiction <code>',
      "caller's jurisdiction: ISO 3166-1 alpha-2 (e.g. DE) or a group (e.g. EU)",
    )
    .option('-d, --data-class <class>', 'data class of the request, e.g. internal or regulated')
    .option('-t, --tenant <id>', 'tenant id')
    .option('--tag <tag>', 'request tag (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--at <date>', 'evaluate at this ISO 8601 instant instead of now')
    .option('--json', 'print the verdicts as JSON', false)
    .action(async (options: ExplainOptions) => {
      const config = await readConfigFile(options.config);
      const route = config.routes[options.route];
      if (!route) {
        throw new UsageError(
          `route "${options.route}" is not in ${options.config}; its routes are: ${Object.keys(config.routes).join(', ')}`,
        );
      }
      const at = options.at === undefined ? Date.now() : Date.parse(options.at);
      if (Number.isNaN(at))
        throw new UsageError(`--at "${options.at}" is not an ISO 8601 date, e.g. 2026-06-25T00:00:00Z`);
      const context: RequestContext = {
        ...config.defaults.context,
        ...(options.jurisdiction === undefined ? {} : { jurisdiction: options.jurisdiction.toUpperCase() }),
        ...(options.dataClass === undefined ? {} : { dataClass: options.dataClass }),
        ...(options.tenant === undefined ? {} : { tenant: options.tenant }),
        ...(options.tag.length === 0 ? {} : { tags: options.tag }),
      };
      const compiled = compilePolicy({
        policy: config.policy,
        targets: config.targets,
        groups: config.groups,
      });
      const candidates = [...route.targets, ...route.lastResort.filter((id) => !route.targets.includes(id))];
      const verdicts = compiled.forTargets(candidates).evaluate(context, at);
      const byId = new Map(config.targets.map((target) => [target.id, target]));
      const lastResort = new Set(route.lastResort);

      if (options.json) {
        output.stdout(
          `${JSON.stringify(
            {
              route: options.route,
              strategy: route.strategy,
              context,
              at: new Date(at).toISOString(),
              policyVersion: compiled.version,
              verdicts,
            },
            null,
            2,
          )}\n`,
        );
        return;
      }

      const who = context.jurisdiction
        ? `${context.jurisdiction}${isCountryCode(context.jurisdiction) ? ` (${countryName(context.jurisdiction)})` : ''}`
        : 'no jurisdiction';
      output.stdout(
        `Route ${options.route} (${route.strategy}) for a caller in ${who}, data class ${context.dataClass ?? '(none)'}${
          context.tenant ? `, tenant ${context.tenant}` : ''
        }, at ${new Date(at).toISOString()}\n`,
      );
      output.stdout(`Policy ${compiled.policy.id ?? '(unnamed)'}, version ${compiled.version}\n\n`);
      const table = new Table({
        head: ['#', 'target', 'model', 'hosted in', 'verdict', 'why'],
        colWidths: [4, null, null, null, null, 64],
        wordWrap: true,
        style: { head: [], border: [] },
      });
      verdicts.forEach((verdict, index) => {
        const target = byId.get(verdict.targetId);
        table.push([
          String(index + 1),
          verdict.targetId + (lastResort.has(verdict.targetId) ? '\n(last resort)' : ''),
          target === undefined
            ? '?'
            : target.provider === 'llama-cpp'
              ? `llama-cpp (in-process)\n${target.model}`
              : `${target.provider}/${target.model}`,
          target?.hostedIn ?? '?',
          verdict.allowed ? 'allowed' : 'DENIED',
          verdict.reason,
        ]);
      });
      output.stdout(`${table.toString()}\n`);
      const allowed = verdicts.filter((verdict) => verdict.allowed).map((verdict) => verdict.targetId);
      output.stdout(
        allowed.length === 0
          ? `\nNo candidate may serve this caller: requests on route ${options.route} would fail with NoEligibleTargetError.\n`
          : `\n${allowed.length} of ${verdicts.length} candidates may serve this caller, in this order: ${allowed.join(', ')}.\n`,
      );
    });
}
